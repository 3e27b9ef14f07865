package inventory

import (
	"crypto/sha256"
	"encoding/hex"
)

// Operator is a person who may sign in on a terminal, by badge scan or by
// ID and PIN. PINHash is PINHash(ID, pin); the PIN itself never travels.
type Operator struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Badge   string `json:"badge,omitempty"` // badge barcode data
	PINHash string `json:"pin_hash,omitempty"`
	Active  bool   `json:"active"`
	Version int64  `json:"version"`
}

// PINHash is how a PIN is stored and compared: hex SHA-256 of
// "scanterm-pin:" + id + ":" + pin. A short PIN is guessable from the hash by
// brute force; it is a sign-in convenience on a shared device, not a secret
// store.
func PINHash(id, pin string) string {
	sum := sha256.Sum256([]byte("scanterm-pin:" + id + ":" + pin))
	return hex.EncodeToString(sum[:])
}
