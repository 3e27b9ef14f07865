package gs1

import "fmt"

// Error is a refusal of GS1 data: a stable machine code, a message an
// operator can act on, the AI concerned (if any) and the byte offset in the
// input where the problem was found.
//
// Error matches its sentinel with errors.Is, e.g.
// errors.Is(err, gs1.ErrCheckDigit).
type Error struct {
	Code    string // stable identifier, e.g. "check_digit"; see the Err… sentinels
	Message string // plain-language explanation with what to do
	AI      string // the Application Identifier concerned, "" when none
	Pos     int    // byte offset in the input (0-based)
}

func (e *Error) Error() string {
	return fmt.Sprintf("gs1: %s [byte %d]", e.Message, e.Pos)
}

// Is reports whether target is the sentinel for e's code, so callers can
// test the kind of refusal without comparing strings.
func (e *Error) Is(target error) bool {
	if s, ok := target.(*sentinel); ok {
		return s.code == e.Code
	}
	return false
}

// sentinel is the comparable value behind each Err… variable.
type sentinel struct{ code string }

func (s *sentinel) Error() string { return "gs1: " + s.code }

// Sentinels for errors.Is. Their Code strings are what `scanterm gs1 parse
// --json` prints as "code".
var (
	// ErrNotGS1 means the data has no GS1 shape at all (an internal
	// location label, Code 39 text, …): callers treat it as a plain code.
	ErrNotGS1           error = &sentinel{codeNotGS1}
	ErrEmpty            error = &sentinel{codeEmpty}       // nothing to parse
	ErrUnknownAI        error = &sentinel{codeUnknownAI}   // not in the GS1 dictionary
	ErrLength           error = &sentinel{codeLength}      // value too short or too long
	ErrCharset          error = &sentinel{codeCharset}     // a character outside the AI's set
	ErrCheckDigit       error = &sentinel{codeCheckDigit}  // a check digit or check pair is wrong
	ErrDate             error = &sentinel{codeDate}        // impossible date
	ErrTime             error = &sentinel{codeTime}        // impossible time
	ErrContent          error = &sentinel{codeContent}     // fails another content rule (country, currency, …)
	ErrMissingAI        error = &sentinel{codeMissingAI}   // a mandatory associated AI is absent
	ErrInvalidPair      error = &sentinel{codeInvalidPair} // two AIs that must not appear together
	ErrDuplicate        error = &sentinel{codeDuplicate}   // same AI twice with different values
	ErrMissingSeparator error = &sentinel{codeMissingSep}  // a GS after a variable-length AI was lost
	ErrSyntax           error = &sentinel{codeSyntax}      // malformed brackets, separators, URI, …
	ErrDigitalLink      error = &sentinel{codeDigitalLink} // a Digital Link rule (key, qualifier order, attribute)
)

// Code strings, kept in one place so messages and sentinels agree.
const (
	codeNotGS1      = "not_gs1"
	codeEmpty       = "empty"
	codeUnknownAI   = "unknown_ai"
	codeLength      = "bad_length"
	codeCharset     = "bad_char"
	codeCheckDigit  = "check_digit"
	codeDate        = "bad_date"
	codeTime        = "bad_time"
	codeContent     = "bad_content"
	codeMissingAI   = "missing_ai"
	codeInvalidPair = "invalid_pair"
	codeDuplicate   = "duplicate_ai"
	codeMissingSep  = "missing_separator"
	codeSyntax      = "syntax"
	codeDigitalLink = "digital_link"
)

func errorf(code, ai string, pos int, format string, args ...any) *Error {
	return &Error{Code: code, AI: ai, Pos: pos, Message: fmt.Sprintf(format, args...)}
}
