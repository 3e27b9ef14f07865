package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/client"
)

// ProbeHub reaches a real HTTPS hub through the pinned certificate, reads
// its clock, and refuses a hub whose certificate is not the pinned one.
func TestProbeHub(t *testing.T) {
	ctx := context.Background()
	h := &testHub{tb: t, dsn: "sqlite:" + t.TempDir() + "/hub.db"}
	var fp string
	h.tls, fp = selfSigned(t)
	h.start()
	t.Cleanup(h.stop)

	p, err := client.ProbeHub(ctx, client.Enrollment{HubURL: h.url(), Fingerprint: fp}, 0)
	if err != nil {
		t.Fatalf("probe with the right pin: %v", err)
	}
	if p.Status != "ok" || p.Protocol == 0 || p.HubTime.IsZero() {
		t.Fatalf("probe: %+v", p)
	}
	// Same machine, same clock: the offset is the Date header's rounding.
	if off := p.ClockOffset(); off < -2*time.Second || off > 2*time.Second {
		t.Errorf("clock offset against a hub on this machine: %v", off)
	}

	wrong := "sha256:" + strings.Repeat("0", 64)
	if _, err := client.ProbeHub(ctx, client.Enrollment{HubURL: h.url(), Fingerprint: wrong}, 0); !errors.Is(err, client.ErrFingerprint) {
		t.Errorf("probe with a wrong pin: %v, want ErrFingerprint", err)
	}
	// Nothing listening: an error naming the hub, not a panic or a hang.
	h.stop()
	if _, err := client.ProbeHub(ctx, client.Enrollment{HubURL: h.url(), Fingerprint: fp}, 2*time.Second); err == nil {
		t.Error("probe of a stopped hub succeeded")
	}
}
