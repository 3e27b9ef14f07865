package gs1

//go:generate go run ./internal/gen
