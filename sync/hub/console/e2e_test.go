package console_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/scanterm/scanterm/sync/wire"
)

// chromiumPath finds Debian's chromium (make test-deps installs it), or
// the browser SCANHUB_CHROMIUM names.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SCANHUB_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	// Never a skip: the console's end-to-end proof needs a real browser.
	t.Fatal("no Chromium found: the console's end-to-end test drives a real headless browser. " +
		"Install it with make test-deps (apt-get install chromium) or set SCANHUB_CHROMIUM=/path/to/chrome")
	return ""
}

// artefactDir is where the screenshots and the printed report go: kept
// after the test (not golden-compared), SCANHUB_E2E_ARTEFACTS or a folder
// under the system's temp dir.
func artefactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SCANHUB_E2E_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "scanhub-console-e2e")
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots and the printed report: %s", dir)
	return dir
}

// scantermBinary builds scanterm for the test to enrol with, as a
// technician would run it on the handheld.
func scantermBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not on PATH to build scanterm: %v", err)
	}
	out := filepath.Join(t.TempDir(), "scanterm")
	cmd := exec.Command(goBin, "build", "-o", out, "github.com/scanterm/scanterm/cmd/scanterm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build scanterm: %v\n%s", err, b)
	}
	return out
}

// TestE2EConsoleInChromium drives the console in a real headless
// Chromium: sign in, find a lot, recall it after seeing its impact, print
// the recall report, resolve an exception, enrol a terminal by scanning
// the page's QR code, and upload an import with an error.
func TestE2EConsoleInChromium(t *testing.T) {
	chrome := chromiumPath(t)
	arts := artefactDir(t)
	s := newSite(t)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox, // the suite runs as root in CI containers
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	base, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	actx, cancelA := chromedp.NewExecAllocator(base, opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(arts, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantText := func(sel string, subs ...string) {
		t.Helper()
		got := text(sel)
		for _, sub := range subs {
			if !strings.Contains(got, sub) {
				t.Fatalf("%s: %q not in %q", sel, sub, got)
			}
		}
	}

	// Sign in.
	do("sign in",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(s.url+"/today"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), adminPW),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("chart")),
	)
	wantText("main h1", "Today")

	// Search the stock for a lot.
	do("stock search",
		chromedp.Navigate(s.url+"/stock"),
		chromedp.SendKeys(chromedp.ID("lot"), "S26-002"),
		chromedp.Click(chromedp.ID("stock-search")),
		chromedp.WaitVisible(chromedp.ID("stock")),
	)
	wantText("#stock", "A-01", "18", "released")

	// Trace the lot, recall it, see the impact first.
	do("lot trace",
		chromedp.Click(chromedp.CSS(`#stock a[href^="/lot?"]`)),
		chromedp.WaitVisible(chromedp.ID("recall")),
	)
	wantText("main", "Acme Medical", "City Hospital")
	do("recall: impact", chromedp.Click(chromedp.ID("recall")), chromedp.WaitVisible(chromedp.ID("impact")))
	wantText("#impact", "18 unit(s) on hand", "6 unit(s) shipped on 1 order(s)", "City Hospital", "1 terminal(s)")
	shot("recall-impact-1280x800")
	do("recall: confirm",
		chromedp.SendKeys(chromedp.ID("reason"), "supplier recall notice 2026-11-26"),
		chromedp.Click(chromedp.ID("confirm")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	wantText(".flash", "Lot S26-002 is now recalled.")
	wantText("#lot-state", "recalled")

	// The printable recall report, with the print stylesheet applied.
	do("report", chromedp.Click(chromedp.ID("report")), chromedp.WaitVisible(chromedp.ID("recall-report")))
	wantText("#customers", "SO-5001", "City Hospital")
	wantText("#changes", "recall", "alice", "supplier recall notice 2026-11-26")
	if _, err := chromedp.Run(bctx, chromedp.Action[struct{}](func(ctx context.Context, tg *chromedp.Target) (struct{}, error) {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return struct{}{}, err
	})); err != nil {
		t.Fatalf("print media: %v", err)
	}
	// The media override reaches the page's style asynchronously: wait
	// (bounded) for the print stylesheet to hide the navigation.
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`getComputedStyle(document.querySelector('header.top')).display === 'none'`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		shown, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('header.top')).display`))
		t.Fatalf("print view: the navigation is still %q: %v", shown, err)
	}
	shot("recall-report-print-1280x800")
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("print to PDF: %v (%d bytes)", err, len(pdf))
	}
	os.WriteFile(filepath.Join(arts, "recall-report.pdf"), pdf, 0o644)
	if _, err := chromedp.Run(bctx, chromedp.Action[struct{}](func(ctx context.Context, tg *chromedp.Target) (struct{}, error) {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return struct{}{}, err
	})); err != nil {
		t.Fatalf("screen media: %v", err)
	}

	// Resolve the open exception, its advice beside it.
	do("exceptions", chromedp.Navigate(s.url+"/exceptions"), chromedp.WaitVisible(chromedp.CSS("section.exception")))
	wantText("section.exception", "negative_stock", "count the place")
	do("resolve",
		chromedp.SendKeys(chromedp.CSS(`section.exception input[name="note"]`), "counted A-03, none there"),
		chromedp.Click(chromedp.CSS(`section.exception button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	wantText(".flash", "resolved")

	// Enrol a terminal by its QR code: a screenshot of the code, decoded
	// as a handheld's camera would, handed to scanterm enroll.
	do("enrol",
		chromedp.Navigate(s.url+"/terminals"),
		chromedp.SendKeys(chromedp.ID("name"), "hh-qr"),
		chromedp.Click(chromedp.ID("enrol")),
		chromedp.WaitVisible(chromedp.ID("qr")),
	)
	shot("enrol-1280x800")
	qrPNG, err := chromedp.Run(bctx, chromedp.Screenshot(chromedp.ID("qr"), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("screenshot of the QR code: %v", err)
	}
	os.WriteFile(filepath.Join(arts, "enrol-qr.png"), qrPNG, 0o644)
	img, _, err := image.Decode(bytes.NewReader(qrPNG))
	if err != nil {
		t.Fatal(err)
	}
	linkText := decodeQR(t, img)
	link, err := wire.ParseEnrollLink(linkText)
	if err != nil || link.HubURL != s.url {
		t.Fatalf("QR holds %q: %+v %v", linkText, link, err)
	}
	out, err := exec.Command(scantermBinary(t), "enroll", linkText, "--data", t.TempDir()).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "enrolled as device hh-qr") {
		t.Fatalf("scanterm enroll from the QR code: %v\n%s", err, out)
	}
	do("terminals after enrol", chromedp.Navigate(s.url+"/terminals"), chromedp.WaitVisible(chromedp.ID("terminals")))
	wantText("#terminals", "hh-qr", "online")

	// Upload an import with an error: refused whole, the line named.
	bad := filepath.Join(t.TempDir(), "site.csv")
	os.WriteFile(bad, []byte("type,gtin,sku,name,tracking\nproduct,09506000134376,GLOVE-M,Gloves,none\nproduct,123,X,Broken,none\n"), 0o644)
	do("import",
		chromedp.Navigate(s.url+"/import"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{bad}),
		chromedp.Click(chromedp.ID("preview")),
		chromedp.WaitVisible(chromedp.ID("import-errors")),
	)
	wantText("#import-errors", "line 3")
	shot("import-error-1280x800")

	// The main pages at a laptop's and a phone's size; at the phone's the
	// page itself must not scroll sideways (wide tables scroll inside
	// their own box).
	pages := []string{"/today", "/stock?lot=S26-002", "/lot?lot=S26-002", "/exceptions?state=all", "/terminals", "/documents", "/events", "/import"}
	for _, size := range [][2]int64{{1280, 800}, {390, 844}} {
		for _, p := range pages {
			do("visit "+p, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(s.url+p), chromedp.WaitVisible(chromedp.ID("main")))
			name := strings.NewReplacer("/", "", "?", "-", "=", "-", "&", "-").Replace(p)
			shot(fmt.Sprintf("%s-%dx%d", name, size[0], size[1]))
			over, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
			if err != nil || over {
				t.Errorf("%s at %dx%d: the page scrolls sideways (%v)", p, size[0], size[1], err)
			}
		}
	}
}
