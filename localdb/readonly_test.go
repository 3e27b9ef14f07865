package localdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// readOnlyChildEnv names a database a re-executed test binary opens as an
// unprivileged user (root ignores file permissions, so the parent drops
// them in a child to test a read-only file for real).
const readOnlyChildEnv = "LOCALDB_READONLY_CHILD_DB"

func readOnlyChild(path string) int {
	db, err := Open(context.Background(), path, Options{})
	if err == nil {
		db.Close()
		fmt.Println("opened")
		return 0
	}
	fmt.Println(err)
	if errors.Is(err, ErrReadOnly) {
		return 3
	}
	return 1
}

func TestOpenReadOnlyFile(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "localdb-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.RemoveAll(dir) })
	path := filepath.Join(dir, "terminal.db")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.SetDevice(ctx, "term-ro")
	db.Close() // checkpoints and removes -wal/-shm
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}

	if os.Geteuid() != 0 {
		_, err := Open(ctx, path, Options{})
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "writable") {
			t.Fatalf("err = %v, want ErrReadOnly with advice", err)
		}
		return
	}
	// As root: copy this test binary where nobody can run it and open the
	// file as nobody.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "..", filepath.Base(dir)+".test")
	if err := copyFile(exe, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(bin) })
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), readOnlyChildEnv+"="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("child as nobody: %v\n%s", err, out)
	}
	t.Logf("child as nobody: %s", out)
	if !strings.Contains(string(out), "read-only") || !strings.Contains(string(out), path) {
		t.Errorf("message: %s", out)
	}
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
