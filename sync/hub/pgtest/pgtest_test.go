package pgtest_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/scanterm/scanterm/sync/hub/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestStartGivesFreshDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := pgtest.Start(t), pgtest.Start(t)
	if a == b {
		t.Fatalf("two databases share a URL %s", a)
	}
	c, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, `CREATE TABLE x (n int)`); err != nil {
		t.Fatal(err)
	}
	// The server is the PostgreSQL FindBin names, and says so.
	var major int
	if err := c.QueryRow(ctx, `SELECT current_setting('server_version_num')::int / 10000`).Scan(&major); err != nil {
		t.Fatal(err)
	}
	bin, err := pgtest.FindBin()
	if err != nil {
		t.Fatal(err)
	}
	srv := pgtest.Shared()
	if srv.Bin != bin || srv.Version == "" || !strings.HasPrefix(srv.Version, strconv.Itoa(major)+".") {
		t.Errorf("server runs %q from %s (major %d); FindBin says %s", srv.Version, srv.Bin, major, bin)
	}
	if os.Getenv("PGTEST_BIN") == "" && (major < pgtest.MinMajor || filepath.Base(filepath.Dir(bin)) != strconv.Itoa(major)) {
		t.Errorf("server major %d from %s, want the directory's version, at least %d", major, bin, pgtest.MinMajor)
	}
	c2, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close(ctx)
	var n int
	if err := c2.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'x'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("second database sees the first's table: %d %v", n, err)
	}
}
