package main

import (
	"context"
	"fmt"

	"github.com/scanterm/scanterm/sync/hub"
)

func cmdTLS(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "tls", "scanhub tls rotate|switch [--state DIR] [--db DSN]",
		"Rotate the hub's self-signed certificate without enrolling terminals again.\n"+
			"rotate creates the next certificate (in DIR/next) and prints its fingerprint;\n"+
			"a running scanhub serve announces it on every pull, and terminals pinning\n"+
			"the current one accept it too from then on. Once every terminal has synced\n"+
			"(scanhub devices, LAST SEEN), switch puts it in place: restart scanhub serve.\n"+
			"A terminal that did not sync between rotate and switch must be enrolled again.\n"+
			"Certificates signed by an authority (--tls-cert) need none of this.",
		"scanhub tls rotate && scanhub devices && scanhub tls switch")
	db := dbFlag(fs)
	state := fs.String("state", "", "`DIR` of the self-signed certificate (as given to scanhub serve)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(fs, pos, 1, "rotate or switch"); err != nil {
		return err
	}
	dir := stateFolder(*state, *db)
	switch pos[0] {
	case "rotate":
		fp, err := hub.RotateTLS(dir, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "next certificate %s\nannounced to terminals on their next sync; when all have synced, run scanhub tls switch and restart scanhub serve\n", fp)
	case "switch":
		fp, err := hub.SwitchTLS(dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "certificate %s in place; restart scanhub serve to use it\n", fp)
	default:
		return fmt.Errorf("%w: tls: unknown action %q; want rotate or switch", errUsage, pos[0])
	}
	return nil
}
