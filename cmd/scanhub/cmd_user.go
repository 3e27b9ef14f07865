package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/sys/unix"

	"github.com/scanterm/scanterm/sync/hub"
	"github.com/scanterm/scanterm/sync/hub/console"
	"github.com/scanterm/scanterm/sync/hub/store"
)

func cmdUser(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "user", "scanhub user add NAME --role supervisor|admin [--password-stdin] | user passwd NAME [--password-stdin] | user list",
		"Manage the web console's accounts (served by scanhub serve on the same address).\n"+
			"A supervisor reads every page, recalls, quarantines and releases lots and resolves\n"+
			"exceptions; an admin also enrols, revokes and reinstates terminals and imports.\n"+
			"The password is asked twice on the terminal, or read from the first line of\n"+
			"stdin with --password-stdin; it is stored only as an argon2id hash.",
		"scanhub user add alice --role admin")
	db := dbFlag(fs)
	role := fs.String("role", "", "`ROLE` of a new account: supervisor or admin")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("%w: user: want add, passwd or list", errUsage)
	}
	switch pos[0] {
	case "add", "passwd":
		if err := wantArgs(fs, pos, 2, pos[0]+" NAME"); err != nil {
			return err
		}
		name := pos[1]
		if pos[0] == "add" {
			if !store.ValidRole(*role) {
				return fmt.Errorf("%w: user add: --role must be supervisor or admin", errUsage)
			}
			if err := hub.ValidDeviceName(name); err != nil {
				return fmt.Errorf("%w: user add: %s", errUsage, strings.Replace(err.Error(), "device name", "account name", 1))
			}
		}
		pw, err := readPassword(e, *fromStdin)
		if err != nil {
			return err
		}
		hash, err := console.HashPassword(pw)
		if err != nil {
			return err
		}
		st, err := openStore(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if pos[0] == "passwd" {
			if err := st.SetPassword(ctx, name, hash); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "password of %s changed; its sessions are signed out\n", name)
			return nil
		}
		if err := st.AddUser(ctx, store.User{Name: name, Role: *role, PasswordHash: hash}, time.Now()); err != nil {
			if errors.Is(err, store.ErrExists) {
				return fmt.Errorf("user %s exists already; change its password with scanhub user passwd %s", name, name)
			}
			return err
		}
		fmt.Fprintf(e.stdout, "user %s added (%s); sign in at the address scanhub serve prints\n", name, *role)
		return nil
	case "list":
		if err := wantArgs(fs, pos, 1, "list"); err != nil {
			return err
		}
		st, err := openStore(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		us, err := st.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, u.CreatedAt.Format(time.RFC3339))
		}
		return tw.Flush()
	}
	return fmt.Errorf("%w: user: unknown action %q; want add, passwd or list", errUsage, pos[0])
}

// readPassword reads a new password: the first line of stdin, or twice
// from the terminal without echo.
func readPassword(e env, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok {
		return "", fmt.Errorf("%w: no terminal to ask the password on; give --password-stdin", errUsage)
	}
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", fmt.Errorf("%w: stdin is not a terminal; give --password-stdin", errUsage)
	}
	noEcho := *old
	noEcho.Lflag &^= unix.ECHO
	noEcho.Lflag |= unix.ICANON
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &noEcho); err != nil {
		return "", fmt.Errorf("turn off echo: %w", err)
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, old)
	r := bufio.NewReader(f)
	ask := func(prompt string) (string, error) {
		fmt.Fprint(e.stderr, prompt)
		line, err := r.ReadString('\n')
		fmt.Fprintln(e.stderr)
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	pw, err := ask("Password: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Again: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the two passwords differ; nothing changed")
	}
	return pw, nil
}

func cmdToken(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "token", "scanhub token add NAME [--role supervisor|admin]",
		"Create an API token for one integration (an ERP): it reads the console's JSON\n"+
			"under /api/v1/ with Authorization: Bearer TOKEN, with the role given (an admin\n"+
			"token may also import). The token is printed once; the hub keeps only its hash.",
		"scanhub token add erp --role admin")
	db := dbFlag(fs)
	role := fs.String("role", store.RoleSupervisor, "`ROLE` of the token: supervisor or admin")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "add" {
		return fmt.Errorf("%w: token: want add NAME", errUsage)
	}
	if !store.ValidRole(*role) {
		return fmt.Errorf("%w: token add: --role must be supervisor or admin", errUsage)
	}
	name := pos[1]
	if err := hub.ValidDeviceName(name); err != nil {
		return fmt.Errorf("%w: token add: %s", errUsage, strings.Replace(err.Error(), "device name", "token name", 1))
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	tok := "sht_" + hex.EncodeToString(b[:])
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.AddAPIToken(ctx, name, *role, hub.HashSecret(tok), time.Now()); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("token %s exists already; pick another name", name)
		}
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}
