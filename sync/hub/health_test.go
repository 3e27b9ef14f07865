package hub_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// getHealth asks GET /v1/health the way a service manager does: no token,
// no protocol header.
func getHealth(t *testing.T, url string) (int, hub.Health, http.Header) {
	t.Helper()
	resp, err := http.Get(url + hub.PathHealth)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h hub.Health
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatalf("decode health: %v", err)
	}
	return resp.StatusCode, h, resp.Header
}

func TestHealth(t *testing.T) {
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) {
			h := startHubOn(t, dsn(t))
			st, body, hdr := getHealth(t, h.url)
			if st != http.StatusOK || body.Status != "ok" || body.Protocol != wire.ProtocolVersion {
				t.Fatalf("health: %d %+v", st, body)
			}
			if hdr.Get("Date") == "" {
				t.Error("health answer has no Date header; scanterm doctor reads the hub's clock from it")
			}
			// Other methods on the path still need the protocol header.
			if st := h.raw(t, "POST", hub.PathHealth, "", nil, map[string]string{wire.HeaderProtocol: ""}, nil); st != http.StatusUpgradeRequired {
				t.Errorf("POST health without protocol header: %d, want 426", st)
			}
		})
	}
}

// A hub whose database is gone says so with 503 instead of "ok".
func TestHealthDatabaseDown(t *testing.T) {
	h := startHubOn(t, "sqlite:"+filepath.Join(t.TempDir(), "hub.db"))
	h.srv.Store().Close()
	st, body, _ := getHealth(t, h.url)
	if st != http.StatusServiceUnavailable || body.Status != "unavailable" {
		t.Fatalf("health with a closed database: %d %+v", st, body)
	}
}
