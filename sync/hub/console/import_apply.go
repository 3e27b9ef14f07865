package console

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/scanterm/scanterm/sync/hub"
)

// importApply imports a file all or nothing, with the same checks as the
// preview (and scanhub import): a file that changed in between is refused
// with its lines named, never half applied.
func (c *Console) importApply(w http.ResponseWriter, r *http.Request) {
	name, data, err := c.readUpload(w, r)
	if err != nil {
		c.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	res, err := hub.ImportFile(r.Context(), c.st, name, bytes.NewReader(data), c.now())
	if err != nil {
		var ie *hub.ImportError
		if asImportError(err, &ie) {
			c.respond(w, r, http.StatusUnprocessableEntity, "import", "Import", importPage{Name: name, Errors: problems(err)})
			return
		}
		c.fail(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	c.audit(r, "import", "import:"+name, fmt.Sprintf("%d new, %d updated, %d unchanged", res.Inserted, res.Updated, res.Unchanged))
	c.log.Info("import applied from the console", "file", name, "by", who(r).Name, "inserted", res.Inserted, "updated", res.Updated)
	c.done(w, r, "/import", fmt.Sprintf("%s imported: %d new, %d updated, %d unchanged.", name, res.Inserted, res.Updated, res.Unchanged), res)
}
