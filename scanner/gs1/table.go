package gs1

// The AI table (aitable_gen.go) is generated from the GS1 Barcode Syntax
// Dictionary; this file holds its types and the allocation-free lookup.

// cset is the character set of a component.
type cset uint8

const (
	csetN cset = iota // digits
	csetX             // GS1 AI encodable character set 82
	csetY             // GS1 AI encodable character set 39
	csetZ             // GS1 AI encodable character set 64 (base64url)
)

// component is one part of an AI's value, consumed left to right.
type component struct {
	cset     cset
	min, max int
	optional bool
	linters  []linter
}

// reqRule is one req= attribute: at least one alternative must be present
// in full (an alternative is a list of AI patterns joined by "+").
type reqRule [][]string

// aiDef is one dictionary entry (one AI or a range of AIs).
type aiDef struct {
	first, last    string
	fixed          bool // predefined length: no separator follows it
	dlAttr         bool // allowed as a Digital Link query attribute
	comps          []component
	minLen, maxLen int
	req            []reqRule
	ex             []string // patterns of AIs that must not appear with it
	dlKey          bool     // Digital Link primary key
	dlQuals        [][]string
	title          string
	idx            uint16 // position in aiTable, set by buildIndex
}

// aiIndex maps an AI to 1+its aiTable index (0 = unknown): slots 0–99 hold
// two-digit AIs, 100–1099 three-digit, 1100–11099 four-digit.
// aiLenByPrefix gives the AI length for its first two digits (0 = none).
var aiIndex, aiLenByPrefix = buildIndex()

func buildIndex() (*[11100]uint16, *[100]uint8) {
	var idx [11100]uint16
	var plen [100]uint8
	for i := range aiTable {
		d := &aiTable[i]
		d.idx = uint16(i)
		lo, hi := atoiDigits(d.first), atoiDigits(d.last)
		for n := lo; n <= hi; n++ {
			idx[slotBase(len(d.first))+n] = uint16(i + 1)
		}
		for n := lo / pow10(len(d.first)-2); n <= hi/pow10(len(d.first)-2); n++ {
			plen[n] = uint8(len(d.first))
		}
	}
	return &idx, &plen
}

func slotBase(l int) int {
	switch l {
	case 2:
		return 0
	case 3:
		return 100
	}
	return 1100
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// aiLength returns how many digits the AI starting s has, or 0 when s does
// not start with two digits of a known AI prefix.
func aiLength(s string) int {
	if len(s) < 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0
	}
	return int(aiLenByPrefix[int(s[0]-'0')*10+int(s[1]-'0')])
}

// lookup returns the definition of the AI ai (all digits, length 2–4).
func lookup(ai string) *aiDef {
	if len(ai) < 2 || len(ai) > 4 {
		return nil
	}
	n := 0
	for i := 0; i < len(ai); i++ {
		c := ai[i]
		if c < '0' || c > '9' {
			return nil
		}
		n = n*10 + int(c-'0')
	}
	if v := aiIndex[slotBase(len(ai))+n]; v != 0 {
		return &aiTable[v-1]
	}
	return nil
}

// Known reports whether ai is an Application Identifier in the dictionary.
func Known(ai string) bool { return lookup(ai) != nil }

// Title returns the GS1 data title of ai ("GTIN", "BATCH/LOT"), "" if the
// AI is unknown or has no title.
func Title(ai string) string {
	if d := lookup(ai); d != nil {
		return d.title
	}
	return ""
}
