package gs1

// Parse decodes and validates GS1 data in any form a scanner or a person
// produces, detecting the form automatically. opt may be nil.
//
// Data with no GS1 shape at all returns an error matching ErrNotGS1.
func Parse(data string, opt *Options) (Message, error) {
	return Message{}, errorf(codeSyntax, "", 0, "not implemented yet")
}
