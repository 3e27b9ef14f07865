package hub_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/pgtest"
	"github.com/scanterm/scanterm/sync/wire"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestTwoHubsOnePostgres runs two hub servers, each with its own store and
// connection pool, on one PostgreSQL database, and has every device push the
// same batches to both at once (a terminal retrying through a load balancer
// does exactly this). Each (device, seq) must be applied once.
func TestTwoHubsOnePostgres(t *testing.T) {
	url := pgtest.Start(t)
	ctx := context.Background()
	var hubs []*testHub
	for range 2 {
		st, err := hub.OpenStore(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		importLocations(t, st, "DOCK", "STAGE")
		srv := hub.New(st, hub.Options{})
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		hubs = append(hubs, &testHub{srv: srv, url: ts.URL})
	}
	const devices, batches, size = 6, 8, 25
	tokens := make([]string, devices)
	for d := range devices {
		tokens[d] = hubs[d%2].enroll(t, fmt.Sprintf("d%d", d))
	}
	var wg sync.WaitGroup
	for d := range devices {
		for _, h := range hubs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("d%d", d)
				for k := range batches {
					var evs []inventory.Event
					for i := range size {
						evs = append(evs, ev(name, int64(k*size+i+1), inventory.KindReceive, gtinA, "L1", "", 1, "", "DOCK"))
					}
					for {
						var resp wire.PushResponse
						if st := h.do(t, "POST", "/v1/events", tokens[d], wire.PushRequest{Events: evs}, &resp); st != 200 {
							t.Errorf("push %s batch %d: status %d", name, k, st)
							return
						}
						if resp.Expected == 0 {
							if resp.AckSeq < evs[len(evs)-1].Seq {
								t.Errorf("push %s batch %d: ack %d", name, k, resp.AckSeq)
							}
							break
						}
						time.Sleep(time.Millisecond) // the other hub has not taken the batch before
					}
				}
			}()
		}
	}
	wg.Wait()
	st := hubs[0].srv.Store()
	all, err := st.Events(ctx, hub.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != devices*batches*size {
		t.Fatalf("%d events stored, want %d", len(all), devices*batches*size)
	}
	seen := map[string]bool{}
	for _, e := range all {
		k := fmt.Sprintf("%s/%d", e.Device, e.Seq)
		if seen[k] {
			t.Fatalf("%s stored twice", k)
		}
		seen[k] = true
	}
	// The stock projection counted each receive once.
	tok := hubs[1].enroll(t, "checker")
	total := int64(devices * batches * size)
	var resp wire.PushResponse
	hubs[1].do(t, "POST", "/v1/events", tok, wire.PushRequest{Events: []inventory.Event{
		ev("checker", 1, inventory.KindPick, gtinA, "L1", "", total, "DOCK", "STAGE"),
		ev("checker", 2, inventory.KindPick, gtinA, "L1", "", 1, "DOCK", "STAGE"),
	}}, &resp)
	if resp.AckSeq != 2 || len(resp.Rejected) != 1 || resp.Rejected[0].Seq != 2 || resp.Rejected[0].Code != "negative_stock" {
		t.Fatalf("stock is not exactly %d: %+v", total, resp)
	}
}
