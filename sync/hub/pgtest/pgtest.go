// Package pgtest gives tests a real, throwaway PostgreSQL: one server per
// test binary, started on first use on a free port on 127.0.0.1 with its
// data and unix socket in a temp dir, and a fresh database per test.
//
// It runs the installed PostgreSQL: the newest major version, MinMajor or
// later, under /usr/lib/postgresql/N/bin (where Debian and Ubuntu put each
// version) that has initdb, postgres and pg_ctl. The first test to start
// the server logs which version and directory it used.
//
// PostgreSQL refuses to run as root, so when the test runs as root initdb
// and postgres run as the "postgres" user through runuser, in a temp dir
// chowned to it. A test that cannot get a server fails; it never skips.
//
// PGTEST_BIN names another PostgreSQL bin directory (used as is, whatever
// its version); PGTEST_FSYNC=on keeps
// fsync and synchronous commit on (for benchmarks that must be honest about
// durability).
//
// Use it as
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//	func TestX(t *testing.T) { url := pgtest.Start(t); ... }
//
// Main stops the server after the tests; without it the server still dies
// with the test binary (its watcher gets a parent-death signal), but its
// temp dir is left behind.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// BinRoot is where Debian and Ubuntu install PostgreSQL, one N/bin
// directory per major version N.
const BinRoot = "/usr/lib/postgresql"

// MinMajor is the oldest major version pgtest looks for: dropping a test's
// database while connections linger (DROP DATABASE … WITH (FORCE)) needs 13.
const MinMajor = 13

// programs are what pgtest runs from a bin directory.
var programs = []string{"initdb", "postgres", "pg_ctl"}

// FindBin is the PostgreSQL bin directory pgtest runs: $PGTEST_BIN when
// set, else the newest major version under BinRoot that has every program
// pgtest runs. The error says what was looked for and how to get it.
func FindBin() (string, error) {
	if bin := os.Getenv("PGTEST_BIN"); bin != "" {
		if missing := missingPrograms(bin); len(missing) > 0 {
			return "", fmt.Errorf("PGTEST_BIN=%s lacks %s", bin, strings.Join(missing, ", "))
		}
		return bin, nil
	}
	return newestBin(BinRoot)
}

// newestBin is the root/N/bin directory with the highest major version N
// (N >= MinMajor) that holds every program pgtest runs.
func newestBin(root string) (string, error) {
	entries, err := os.ReadDir(root)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("look for PostgreSQL in %s: %w", root, err)
	}
	best, bestMajor := "", 0
	for _, e := range entries {
		major, err := strconv.Atoi(e.Name())
		if err != nil || major < MinMajor || major <= bestMajor {
			continue // not a version directory (or an older one)
		}
		bin := filepath.Join(root, e.Name(), "bin")
		if len(missingPrograms(bin)) == 0 {
			best, bestMajor = bin, major
		}
	}
	if best == "" {
		return "", fmt.Errorf("no PostgreSQL %d or later in %s/N/bin with %s (make test-deps installs it, or set PGTEST_BIN)",
			MinMajor, root, strings.Join(programs, ", "))
	}
	return best, nil
}

// missingPrograms lists the programs pgtest runs that bin lacks (or holds
// but cannot execute).
func missingPrograms(bin string) []string {
	var missing []string
	for _, p := range programs {
		fi, err := os.Stat(filepath.Join(bin, p))
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			missing = append(missing, p)
		}
	}
	return missing
}

// server is the one PostgreSQL of this test binary. Package state is the
// point here: every test in the binary shares the server.
var (
	once    sync.Once
	shared  *Server
	initErr error
	dbSeq   atomic.Int64
)

// Server is a running throwaway PostgreSQL.
type Server struct {
	Dir     string // temp dir: data/, the socket, the log
	Port    int
	Bin     string // the PostgreSQL bin directory it runs from
	Version string // the server's version, as SHOW server_version says
	cmd     *exec.Cmd
	done    chan struct{}
	asPG    bool
}

// AdminURL is the URL of the server's "postgres" database as superuser.
func (s *Server) AdminURL() string { return s.URL("postgres") }

// URL is the URL of database db on the server.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
}

// Start returns the URL of a new empty database on the binary's shared
// server, starting the server on first use; the database is dropped at the
// end of the test.
func Start(tb testing.TB) string {
	tb.Helper()
	once.Do(func() {
		shared, initErr = Launch()
		if initErr == nil {
			tb.Logf("pgtest: PostgreSQL %s from %s", shared.Version, shared.Bin)
		}
	})
	if initErr != nil {
		tb.Fatalf("pgtest: cannot start PostgreSQL: %v", initErr)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := shared.exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := shared.exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return shared.URL(name)
}

// Main runs the tests, then stops the shared server (if one was started)
// and exits with the tests' code.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	os.Exit(code)
}

func (s *Server) exec(ctx context.Context, sql string) error {
	c, err := pgx.Connect(ctx, s.AdminURL())
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

func (s *Server) queryRow(ctx context.Context, sql string, dst ...any) error {
	c, err := pgx.Connect(ctx, s.AdminURL())
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	return c.QueryRow(ctx, sql).Scan(dst...)
}

// command builds a command that runs as the postgres user when we are root.
func (s *Server) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.Bin, name)
	if s.asPG {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// Launch starts a new server; most tests want Start instead.
func Launch() (_ *Server, err error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, Bin: bin, asPG: os.Geteuid() == 0, done: make(chan struct{})}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if s.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs a postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := s.command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	logPath := filepath.Join(dir, "postgres.log")
	for attempt := 0; ; attempt++ {
		s.Port, err = freePort()
		if err != nil {
			return nil, err
		}
		err = s.startPostgres(data, logPath)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := s.queryRow(ctx, "SHOW server_version", &s.Version); err != nil {
				s.kill()
				return nil, fmt.Errorf("server version: %w", err)
			}
			return s, nil
		}
		if attempt == 2 {
			return nil, err
		}
	}
}

func (s *Server) startPostgres(data, logPath string) error {
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	os.Chmod(logPath, 0o666)
	// Throwaway data: no fsync, no full-page writes, unless PGTEST_FSYNC=on
	// asks for production durability (benchmarks).
	args := []string{"-D", data, "-p", strconv.Itoa(s.Port), "-h", "127.0.0.1", "-k", s.Dir,
		"-c", "max_connections=300", "-c", "shared_buffers=128MB"}
	if os.Getenv("PGTEST_FSYNC") != "on" {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	s.cmd = s.command("postgres", args...)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	// If the test binary dies, runuser gets SIGTERM and passes it on to
	// postgres (a smart shutdown, which completes once our connections
	// are gone).
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	s.done = make(chan struct{})
	go func() { s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := pgx.Connect(ctx, s.AdminURL())
		cancel()
		if err == nil {
			c.Close(context.Background())
			return nil
		}
		select {
		case <-s.done:
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("postgres exited: %s", bytes.TrimSpace(log))
		default:
		}
		if time.Now().After(deadline) {
			s.kill()
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("postgres not ready after 60s: %v: %s", err, bytes.TrimSpace(log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
		}
	}
}

// Stop shuts the server down (fast mode) and removes its directory.
func (s *Server) Stop() error {
	var errs []error
	stop := s.command("pg_ctl", "stop", "-D", filepath.Join(s.Dir, "data"), "-m", "fast", "-w", "-t", "30")
	if out, err := stop.CombinedOutput(); err != nil {
		errs = append(errs, fmt.Errorf("pg_ctl stop: %v: %s", err, out))
		s.kill()
	}
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		errs = append(errs, errors.New("postgres did not stop in 30s"))
	}
	if err := os.RemoveAll(s.Dir); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Shared is the binary's server once Start has run, else nil.
func Shared() *Server { return shared }

// CPUTime is the CPU time (user + system) the server's processes have used
// so far: the postmaster, its live backends and the ones that have exited.
// Benchmarks use it to count PostgreSQL's share of the work.
func (s *Server) CPUTime() (time.Duration, error) {
	pidData, err := os.ReadFile(filepath.Join(s.Dir, "data", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	master, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(pidData), "\n", 2)[0]))
	if err != nil {
		return 0, fmt.Errorf("postmaster.pid: %w", err)
	}
	ticks := func(pid int, withChildren bool) (int64, int, error) {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, 0, err
		}
		// Fields after the parenthesised command name (which may hold spaces).
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		if len(f) < 15 {
			return 0, 0, fmt.Errorf("/proc/%d/stat: short", pid)
		}
		ppid, _ := strconv.Atoi(f[1])
		var sum int64
		last := 13 // utime, stime are fields 14, 15 (f[11], f[12]); cutime, cstime f[13], f[14]
		if withChildren {
			last = 15
		}
		for _, x := range f[11:last] {
			n, _ := strconv.ParseInt(x, 10, 64)
			sum += n
		}
		return sum, ppid, nil
	}
	total, _, err := ticks(master, true)
	if err != nil {
		return 0, err
	}
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil || pid == master {
			continue
		}
		n, ppid, err := ticks(pid, false)
		if err == nil && ppid == master {
			total += n
		}
	}
	// Linux reports these in USER_HZ, 100 per second on every platform Go
	// supports.
	return time.Duration(total) * 10 * time.Millisecond, nil
}
