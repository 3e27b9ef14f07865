package console

import "net/http"

type importPage struct {
	Name    string          `json:"name,omitempty"`
	Content string          `json:"-"` // the file, carried from preview to apply
	Errors  []importProblem `json:"errors,omitempty"`
	Preview []importChange  `json:"preview,omitempty"`
	Total   importCounts    `json:"total"`
	Result  any             `json:"result,omitempty"`
}

// importProblem is one LINE: reason of a refused file, as scanhub import
// prints them.
type importProblem struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	Text   string `json:"text"` // FILE:LINE: reason
}

// importChange is what a file does to one kind of record.
type importChange struct {
	Type string `json:"type"`
	importCounts
	Keys []string `json:"keys"` // the new and changed records
}

type importCounts struct {
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
}

func (c *Console) importShow(w http.ResponseWriter, r *http.Request) {
	c.respond(w, r, http.StatusOK, "import", "Import", importPage{})
}
