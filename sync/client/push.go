package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/sync/wire"
)

// pushAll sends the outbox in batches until it is empty.
func (c *Client) pushAll(ctx context.Context, rep *Report) error {
	hubAck := int64(-1) // unknown until the hub answers
	stuck := 0
	// The hub numbers this terminal's events after the seq base of the
	// current incarnation (localdb.SeqBase): everything below speaks local
	// seqs, and only the wire carries the hub's.
	base, err := c.db.SeqBase(ctx)
	if err != nil {
		return fmt.Errorf("push: %w", err)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch, err := c.db.OutboxBatch(ctx, c.batchEvents, c.batchBytes)
		if err != nil {
			return fmt.Errorf("push: read outbox: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		resend := false
		if hubAck >= 0 && batch[0].Seq > hubAck+1 {
			// The hub lacks seqs the outbox no longer has (acked, then the
			// hub lost them, e.g. restored from a backup): resend them from
			// the append-only ledger.
			if batch, err = c.ledgerBatch(ctx, hubAck, batch[0].Seq, c.batchEvents, c.batchBytes); err != nil {
				return err
			}
			resend = true
		}
		var resp wire.PushResponse
		err = c.t.do(ctx, "POST", "/v1/events", nil, wire.PushRequest{Events: hubSeqs(batch, base), SentAt: c.opt.Now().UTC()}, &resp)
		var he *HTTPError
		if errors.As(err, &he) && he.Status == http.StatusRequestEntityTooLarge && len(batch) > 1 {
			// The hub's body limit is below ours: halve, go on, and keep
			// the smaller size for later rounds.
			c.batchEvents, c.batchBytes = max(1, len(batch)/2), max(1024, c.batchBytes/2)
			c.opt.Logger.Info("sync: the hub refused a batch as too large; smaller batches from now on",
				"events", c.batchEvents, "bytes", c.batchBytes)
			continue
		}
		if err != nil {
			return fmt.Errorf("push: %w", err)
		}
		rep.Batches++
		if err := localSeqs(&resp, base); err != nil {
			return fmt.Errorf("push: %w", err)
		}
		// Rejections first, then the ack: a crash in between re-pushes
		// the batch (harmless), never drops the rejections.
		if len(resp.Rejected) > 0 {
			if err := c.db.RecordRejections(ctx, resp.Rejected); err != nil {
				return fmt.Errorf("push: record rejections: %w", err)
			}
			rep.addRejections(resp.Rejected)
		}
		if last := batch[len(batch)-1].Seq; resp.AckSeq > last {
			if err := c.noteHubAhead(ctx, resp.AckSeq, last); err != nil {
				return err
			}
			resp.AckSeq = last
		}
		if resp.AckSeq > 0 {
			if err := c.db.AckThrough(ctx, resp.AckSeq); err != nil {
				return fmt.Errorf("push: ack through %d: %w", resp.AckSeq, err)
			}
		}
		acked := 0
		for _, e := range batch {
			if e.Seq <= resp.AckSeq {
				acked++
			}
		}
		rep.Pushed += acked
		if resend {
			rep.Resent += acked
		}
		rep.AckSeq = resp.AckSeq
		now := c.opt.Now()
		c.update(func(s *Status) { s.AckSeq, s.LastPush, s.Online = resp.AckSeq, now, true })
		expected := resp.Expected
		if expected == 0 && resp.AckSeq < batch[0].Seq-1 {
			expected = resp.AckSeq + 1 // a gap answered without Expected
		}
		if expected > 0 || acked == 0 {
			// No progress this time: the next batch starts at the hub's
			// expected seq. Twice without progress is a protocol fault.
			if resp.AckSeq <= hubAck {
				if stuck++; stuck >= 3 {
					return fmt.Errorf("push: the hub makes no progress (holds seq %d, expects %d, we sent %d..%d)",
						resp.AckSeq, expected, batch[0].Seq, batch[len(batch)-1].Seq)
				}
			}
		} else {
			stuck = 0
		}
		hubAck = resp.AckSeq
	}
}

// noteHubAhead handles an ack past the batch. The hub compared only the
// events just sent with its own: the ones after them in the outbox may be
// other events under the same seqs (a folder restored from a backup, or
// copied while another copy went on), so only the batch is acknowledged
// and the rest go out to be compared in turn (a few more batches after a
// lost answer). Past what this terminal ever recorded, the hub holds
// events this folder lost: its next new event is refused as diverged,
// which starts the recovery (docs/device-lifecycle.md).
func (c *Client) noteHubAhead(ctx context.Context, ack, last int64) error {
	evs, err := c.db.Events(ctx, ack-1, 1)
	if err != nil {
		return fmt.Errorf("push: read ledger at seq %d: %w", ack, err)
	}
	if len(evs) == 0 || evs[0].Seq != ack {
		c.opt.Logger.Warn("sync: the hub holds more of this device's events than this terminal's ledger; its next new event will be refused as diverged",
			"device", c.enr.Device, "hub_seq", ack, "sent_through", last)
	}
	return nil
}

// ledgerBatch reads the events after seq from the ledger that the outbox no
// longer has (seq < before), bounded like an outbox batch.
func (c *Client) ledgerBatch(ctx context.Context, after, before int64, maxEvents, maxBytes int) ([]inventory.Event, error) {
	evs, err := c.db.Events(ctx, after, int(min(int64(maxEvents), before-after-1)))
	if err != nil {
		return nil, fmt.Errorf("push: read ledger after seq %d: %w", after, err)
	}
	if len(evs) == 0 || evs[0].Seq != after+1 {
		return nil, fmt.Errorf("push: the hub expects seq %d, which the local ledger does not have", after+1)
	}
	size := 0
	for i, e := range evs {
		b, _ := json.Marshal(e)
		if size += len(b); size > maxBytes && i > 0 {
			return evs[:i], nil
		}
	}
	return evs, nil
}

// pullAll applies pages of changes until the hub says there are no more.
func (c *Client) pullAll(ctx context.Context, rep *Report) error {
	// What is still unsent, for the hub's view of its terminals: read
	// once a pull (a first pull has thousands of pages), sent with each.
	queue := url.Values{wire.ParamOwnProgress: {"1"}}
	if n, oldest, err := c.db.OutboxStats(ctx); err == nil {
		queue.Set(wire.ParamQueue, strconv.Itoa(n))
		if n > 0 && !oldest.IsZero() {
			queue.Set(wire.ParamQueueOldest, oldest.Format(time.RFC3339Nano))
		}
	}
	for {
		cur, err := c.db.Cursor(ctx)
		if err != nil {
			return fmt.Errorf("pull: read cursor: %w", err)
		}
		q := url.Values{}
		if cur != "" {
			q.Set("since", cur)
		}
		for _, w := range c.enr.Warehouses {
			q.Add("warehouse", w)
		}
		for k, v := range queue {
			q[k] = v
		}
		var ch wire.Changes
		if err := c.t.do(ctx, "GET", "/v1/changes", q, nil, &ch); err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		if err := c.db.ApplyChanges(ctx, ch); err != nil {
			return fmt.Errorf("pull: apply changes: %w", err)
		}
		rep.Pages++
		rep.Pulled += changeCount(ch)
		rep.Cursor = ch.Cursor
		now := c.opt.Now()
		c.update(func(s *Status) { s.LastPull, s.Cursor, s.Online = now, ch.Cursor, true })
		if !ch.More || ch.Cursor == cur {
			return nil
		}
	}
}

// hubSeqs returns batch as the hub numbers it: each seq plus base. The
// ledger's events are left as they are.
func hubSeqs(batch []inventory.Event, base int64) []inventory.Event {
	if base == 0 {
		return batch
	}
	out := make([]inventory.Event, len(batch))
	for i, e := range batch {
		e.Seq += base
		out[i] = e
	}
	return out
}

// localSeqs turns the seqs of the hub's answer into local ones. A hub
// that holds less than the incarnation started after lost events this
// terminal no longer numbers for it (the hub was restored from an older
// backup): only a new enrolment renumbers the ledger.
func localSeqs(resp *wire.PushResponse, base int64) error {
	if base == 0 {
		return nil
	}
	if resp.AckSeq < base || (resp.Expected != 0 && resp.Expected <= base) {
		return fmt.Errorf("%w: the hub holds seq 1..%d for this device but this terminal's events start after seq %d there; enrol this terminal again",
			errDeviceMismatch, resp.AckSeq, base)
	}
	resp.AckSeq -= base
	if resp.Expected != 0 {
		resp.Expected -= base
	}
	for i := range resp.Rejected {
		resp.Rejected[i].Seq -= base
	}
	return nil
}
