package localdb

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/scanterm/scanterm/inventory"
)

// crashChildEnv names the database a re-executed test binary appends to
// until it is killed.
const crashChildEnv = "LOCALDB_CRASH_CHILD_DB"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		os.Exit(crashChild(path))
	}
	if path := os.Getenv(readOnlyChildEnv); path != "" {
		os.Exit(readOnlyChild(path))
	}
	os.Exit(m.Run())
}

// crashChild appends events forever, printing each seq once Append has
// returned (the moment the terminal would beep OK).
func crashChild(path string) int {
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// Serial numbers continue from the events already there, so a second
	// child after a kill records new units.
	var base int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM events").Scan(&base); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 3 * base; ; i++ {
		d := inventory.Event{Operator: "op1", Kind: inventory.KindReceive, GTIN: gtinSerial, Serial: fmt.Sprintf("SN%07d", i), Lot: "LC", Qty: 1, To: "DOCK1"}
		if i%3 == 1 && i > 3*base {
			// A batch of two moves of the previous unit and a new receipt.
			prev := fmt.Sprintf("SN%07d", i-1)
			evs, err := db.AppendBatch(ctx, []inventory.Event{
				{Operator: "op1", Kind: inventory.KindMove, GTIN: gtinSerial, Serial: prev, Qty: 1, From: "DOCK1", To: "A-01"},
				d,
			})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			for _, ev := range evs {
				fmt.Fprintln(out, ev.Seq)
			}
		} else {
			ev, err := db.Append(ctx, d)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Fprintln(out, ev.Seq)
		}
		out.Flush()
	}
}

// TestKill9LosesNothingAcknowledged runs a child process that appends
// thousands of events, kills it with SIGKILL in the middle, and checks
// that every seq the child saw acknowledged is in the reopened database,
// that seqs are gapless, the outbox matches and the projections equal a
// rebuild (no half-applied action).
func TestKill9LosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Log("running the crash test in -short mode too: it is the durability guarantee")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "terminal.db")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.SetDevice(ctx, "term-crash")
	if err := db.ApplyChanges(ctx, seedChanges()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for round := 0; round < 2; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		var acked int64
		target := int64(1500 * (round + 1))
		for sc.Scan() {
			n, err := strconv.ParseInt(sc.Text(), 10, 64)
			if err != nil {
				t.Fatalf("child said %q", sc.Text())
			}
			acked = n
			if acked >= target {
				// Kill in the middle of the stream of appends.
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		cmd.Wait()
		if acked < target {
			t.Fatalf("child stopped after seq %d before being killed", acked)
		}
		// Drain anything printed after our last read: also acknowledged.
		for sc.Scan() {
			if n, err := strconv.ParseInt(sc.Text(), 10, 64); err == nil && n > acked {
				acked = n
			}
		}

		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("reopen after kill -9: %v", err)
		}
		var maxSeq, count int64
		db.sql.QueryRow("SELECT COALESCE(MAX(seq),0), COUNT(*) FROM events").Scan(&maxSeq, &count)
		if maxSeq < acked {
			t.Fatalf("round %d: acknowledged seq %d lost (database holds up to %d)", round, acked, maxSeq)
		}
		if count != maxSeq {
			t.Fatalf("round %d: %d events but max seq %d: gap", round, count, maxSeq)
		}
		var outbox int64
		db.sql.QueryRow("SELECT COUNT(*) FROM outbox").Scan(&outbox)
		if outbox != count {
			t.Fatalf("round %d: outbox %d, events %d", round, outbox, count)
		}
		var ok string
		db.sql.QueryRow("PRAGMA integrity_check").Scan(&ok)
		if ok != "ok" {
			t.Fatalf("integrity_check: %s", ok)
		}
		before := snapshot(t, db)
		if err := db.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		if snapshot(t, db) != before {
			t.Fatalf("round %d: projections differ from the ledger after kill -9", round)
		}
		t.Logf("round %d: killed after ack of seq %d; database holds %d events", round, acked, maxSeq)
		db.Close()
	}
}
