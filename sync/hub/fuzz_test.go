package hub_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/wire"
)

// FuzzPushBody sends arbitrary bodies to POST /v1/events of a real hub: it
// must never panic or answer 5xx, and whatever it answers with 200 must be
// consistent with what it stored.
func FuzzPushBody(f *testing.F) {
	f.Add([]byte(`{"events":[{"id":"a","device":"t1","seq":1,"kind":"receive","gtin":"09506000134352","qty":1,"to":"D","at":"2026-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"events":[{"id":"a","device":"t1","seq":1,"kind":"ship","gtin":"09506000134352","serial":"S","qty":1,"from":"D"},{"id":"b","device":"t1","seq":2,"kind":"x"}]}`))
	f.Add([]byte(`{"events":[{"device":"t2","seq":1}]}`))
	f.Add([]byte(`{"events":[{"device":"t1","seq":0}]}`))
	f.Add([]byte(`{"events":null}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"events":[{"device":"t1","seq":9223372036854775807,"qty":-9223372036854775808,"kind":"adjust","gtin":"1","to":"x"}]}`))
	ctx := context.Background()
	st, err := hub.OpenStore(ctx, "sqlite:"+filepath.Join(f.TempDir(), "hub.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	srv := hub.New(st, hub.Options{MaxBodyBytes: 1 << 16})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	code, err := srv.AddDevice(ctx, "t1", time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	tok, err := enrollRaw(ts.URL, code)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before, err := st.Device(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("POST", ts.URL+"/v1/events", bytes.NewReader(body))
		req.Header.Set(wire.HeaderProtocol, "1")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d for %q", resp.StatusCode, body)
		}
		after, err := st.Device(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 && after.AckSeq != before.AckSeq {
			t.Fatalf("refused body (%d) moved ack from %d to %d", resp.StatusCode, before.AckSeq, after.AckSeq)
		}
	})
}

func enrollRaw(url, code string) (string, error) {
	req, _ := http.NewRequest("POST", url+"/v1/enroll", bytes.NewReader([]byte(`{"code":"`+code+`"}`)))
	req.Header.Set(wire.HeaderProtocol, "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var er wire.EnrollResponse
	if err := jsonDecode(resp, &er); err != nil {
		return "", err
	}
	return er.Token, nil
}
