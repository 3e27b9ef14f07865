package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/scanterm/scanterm/inventory"
	"github.com/scanterm/scanterm/localdb"
	"github.com/scanterm/scanterm/scanner"
	"github.com/scanterm/scanterm/sync/client"
	"github.com/scanterm/scanterm/tui/flow"
)

// Config is everything the App needs from outside; cmd_run fills it.
type Config struct {
	// Ctx bounds every database call the App makes; nil means Background.
	Ctx context.Context
	DB  *localdb.DB
	// Sync is the sync client; nil runs offline with "not enrolled" shown.
	Sync Syncer
	// Enroll, when set, lets a terminal that is not enrolled enrol itself
	// by scanning the console's enrolment QR code (enrollscan.go).
	Enroll EnrollFunc
	// Scans delivers scanner sources' scans and connection changes; the
	// App reads it with a re-arming command. Nil when only the keyboard
	// wedge is used.
	Scans <-chan tea.Msg
	// Operator, when set, signs this operator in at start (asking for the
	// PIN if they have one).
	Operator string
	// Wedge tunes the keyboard-wedge burst detection (GS substitute,
	// suffix, burst gap).
	Wedge scanner.WedgeConfig
	// Grace is how long a newly opened screen ignores keyboard input, so
	// the tail of a wedge burst aimed at the previous screen does not land
	// in it. 0 means 150 ms; negative means none.
	Grace time.Duration
	// Now is the clock; nil means time.Now. Tests fix it.
	Now func() time.Time
	// ClockOffset is how far the device clock is ahead of the hub's as
	// sync learned it (client.Clock.Offset, shared with localdb): the
	// workflows' date rules (expiry, shelf life) judge on Now minus it.
	// Key timing (the wedge) keeps Now. nil = 0.
	ClockOffset func() time.Duration
	// Silent turns the bell off (tests, a quiet office).
	Silent bool
	// Glyphs is the set of marks to draw with: GlyphsConsole on the
	// Linux console, whose fonts lack ✓ ▏ ␝; "" or GlyphsAuto means
	// GlyphsUnicode (cmd_run resolves auto from $TERM).
	Glyphs Glyphs
	// After schedules msg after d (status refresh, flash end, wedge
	// flush); nil means tea.Tick. Tests replace it so nothing sleeps.
	After func(d time.Duration, msg tea.Msg) tea.Cmd
}

// env is what every screen shares: the database, the clock, the theme and
// the signed-in operator. The root owns it; screens read it.
type env struct {
	ctx context.Context
	db  *localdb.DB
	now func() time.Time
	// offset is Config.ClockOffset: dates judge on now minus it.
	offset func() time.Duration
	st     Styles
	op     inventory.Operator
	sync   Syncer
	// gs remembers the scanners that keep GS separators (flow.Separators).
	gs flow.Separators
}

// screen is one page of the app. The root draws the frame (title, result
// line, status bar, help) and asks the screen for the rest.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (screen, tea.Cmd)
	Title() string
	// Head is the prompt block: what to scan or key, why, the input.
	Head(w int) []string
	// Body is the context below the result line, at most h lines.
	Body(w, h int) []string
	Keys() help.KeyMap
	// Busy says a look-up or recording is in flight (the title says so;
	// input that arrives meanwhile waits its turn).
	Busy() bool
}

// App is the root model.
type App struct {
	cfg    Config
	env    *env
	cur    screen
	keys   globalKeys
	help   help.Model
	wedge  *wedgeInput
	width  int
	height int

	showHelp bool
	res      result
	flash    int // id of the running flash; 0 = none
	flashOn  bool
	openedAt time.Time

	scanners map[string]ScannerMsg
	sync     client.Status
	queue    outboxMsg

	// syncing: a "Sync now" round is in flight. syncNote is its result
	// when it landed while a workflow was open: shown on the menu next
	// rather than over a scan's verdict. told is the hub problem last
	// told in words, so a lasting outage is told once, not every tick.
	syncing  bool
	syncNote *result
	told     string
	// toldExc is how many open hub exceptions the menu has told of, so
	// each new one is told once.
	toldExc int

	// lastBell is the pattern of the last bell rung, for tests.
	lastBell Verdict

	// consoleFn: the Linux console's "ESC [ [" arrived, so the next key
	// press (A to E) is F1 to F5 (see linuxFnKey).
	consoleFn bool
}

// New builds the App. It does no I/O; Init starts the work.
func New(cfg Config) *App {
	if cfg.Ctx == nil {
		cfg.Ctx = context.Background()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ClockOffset == nil {
		cfg.ClockOffset = func() time.Duration { return 0 }
	}
	if cfg.After == nil {
		cfg.After = func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}
	}
	if cfg.Grace == 0 {
		cfg.Grace = 150 * time.Millisecond
	}
	if cfg.Glyphs != GlyphsConsole {
		cfg.Glyphs = GlyphsUnicode
	}
	e := &env{ctx: cfg.Ctx, db: cfg.DB, now: cfg.Now, offset: cfg.ClockOffset, st: DefaultStyles(), sync: cfg.Sync, gs: flow.Separators{}}
	h := help.New()
	h.Styles = e.st.Help
	a := &App{
		cfg:      cfg,
		env:      e,
		keys:     newGlobalKeys(),
		help:     h,
		wedge:    newWedgeInput(cfg.Wedge),
		width:    80,
		height:   24,
		scanners: map[string]ScannerMsg{},
	}
	a.cur = newSignIn(e, cfg.Operator)
	a.openedAt = cfg.Now()
	return a
}

// Init starts the first screen, the scan reader and the status refresh.
func (a *App) Init() tea.Cmd {
	return tea.Batch(a.cur.Init(), a.waitForScan(), a.refreshStatus(), a.tick())
}

// waitForScan reads one message from the scanner channel; Update re-arms
// it after each one (bubbletea's realtime example).
func (a *App) waitForScan() tea.Cmd {
	ch := a.cfg.Scans
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return scansClosedMsg{}
		}
		return scanArrivedMsg{msg}
	}
}

type (
	scanArrivedMsg struct{ msg tea.Msg }
	scansClosedMsg struct{}
)

func (a *App) tick() tea.Cmd {
	return a.cfg.After(2*time.Second, tickMsg{})
}

// refreshStatus reads the outbox figures in a command (never in Update).
func (a *App) refreshStatus() tea.Cmd {
	db, ctx := a.env.db, a.env.ctx
	if db == nil {
		return nil
	}
	return func() tea.Msg {
		n, oldest, err := db.OutboxStats(ctx)
		m := outboxMsg{n: n, oldest: oldest, err: err}
		// Exceptions are few (the hub flags rule breaks, not routine
		// work), so counting them every refresh is cheap.
		if n, xerr := db.OpenExceptions(ctx); xerr == nil {
			m.exc = n
		}
		return m
	}
}

// Update routes one message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		return a, nil
	case tea.ColorProfileMsg:
		// Bubble Tea says at start how many colours the terminal has.
		a.env.st = stylesFor(msg.Profile)
		a.help.Styles = a.env.st.Help
		return a, nil
	case scanArrivedMsg:
		m, cmd := a.Update(msg.msg)
		return m, tea.Batch(cmd, a.waitForScan())
	case scansClosedMsg:
		return a, nil
	case ScannerMsg:
		a.scanners[msg.Source] = msg
		return a, nil
	case tickMsg:
		var note tea.Cmd
		if a.env.sync != nil {
			was, wasOnline := a.sync.Cause, a.sync.Online
			a.sync = a.env.sync.Status()
			if a.sync.Online && !wasOnline && staleSyncNote(a.res.text) {
				// A round succeeded since: an old failure beside
				// "online" would say the opposite of the status bar.
				a.res = result{}
			}
			if c := a.sync.Cause; c.Stops() && c != was {
				// Say it once, in words, where the operator looks,
				// short enough for 30 columns.
				note = signal(VerdictBad, stoppedNote(c))
			} else {
				note = a.tellOffline()
			}
		}
		return a, tea.Batch(a.refreshStatus(), a.tick(), note)
	case outboxMsg:
		a.queue = msg
		return a, a.tellExceptions()
	case signalMsg:
		return a, a.signal(msg.r)
	case flashEndMsg:
		if msg.id == a.flash {
			a.flashOn = false
		}
		return a, nil
	case bellDoneMsg:
		return a, nil
	case committedMsg:
		// A commit landed: ask the sync client to push and refresh the
		// queue figures, then let the screen adopt its new state.
		if msg.err == nil && len(msg.recorded) > 0 {
			if a.env.sync != nil {
				a.env.sync.Kick()
			}
			// The new events are queued now; count them here rather
			// than query the outbox on the scan's path (the periodic
			// refresh reads the true figures).
			if a.queue.n == 0 || a.queue.oldest.IsZero() {
				a.queue.oldest = msg.recorded[0].At
			}
			a.queue.n += len(msg.recorded)
		}
		return a, a.toScreen(msg)
	case signedInMsg:
		a.env.op = msg.op
		return a, tea.Batch(a.open(newMenu(a.env)), signal(VerdictOK, "Signed in: "+msg.op.Name))
	case signOutMsg:
		a.env.op = inventory.Operator{}
		return a, a.open(newSignIn(a.env, ""))
	case openMsg:
		return a, a.open(msg.s)
	case backMsg:
		cmd := a.open(newMenu(a.env))
		if n := a.syncNote; n != nil {
			a.syncNote = nil
			cmd = tea.Batch(cmd, a.signal(*n))
		}
		return a, cmd
	case syncNowMsg:
		return a, a.syncNow()
	case syncDoneMsg:
		a.syncing = false
		if a.env.sync != nil {
			a.sync = a.env.sync.Status()
		}
		if msg.err != nil {
			a.told = a.sync.Problem // said now: the tick need not say it again
		}
		r := syncResult(msg.rep, msg.err, a.sync.Cause)
		if _, onMenu := a.cur.(*menu); !onMenu {
			a.syncNote = &r
			return a, a.refreshStatus()
		}
		return a, tea.Batch(a.signal(r), a.refreshStatus())
	case tea.PasteMsg:
		// A paste is one scan (a wedge scanner in a terminal that uses
		// bracketed paste, or a person pasting a barcode).
		out := a.wedge.paste(strings.TrimRight(msg.Content, "\t"), a.env.now())
		for i := range out.scans {
			out.scans[i].Source = "paste"
		}
		return a, a.deliver(out)
	case ScanMsg:
		if msg.At.IsZero() {
			msg.At = a.env.now()
		}
		return a, a.toScreen(msg)
	case wedgeFlushMsg:
		return a, a.deliver(a.wedge.flush(a.env.now()))
	case uv.UnknownCsiEvent:
		// The Linux console sends F1-F5 as ESC [ [ A ... ESC [ [ E, which
		// Bubble Tea's parser reads as an unknown CSI "ESC [ [" then the
		// letter as a key of its own. Other unknown sequences are dropped:
		// they are no text, and a screen has nothing to do with them.
		a.consoleFn = string(msg) == "\x1b[["
		return a, nil
	case tea.KeyPressMsg:
		if a.consoleFn {
			a.consoleFn = false
			if k, ok := linuxFnKey(msg); ok {
				msg = k
			}
		}
		return a, a.key(msg)
	}
	return a, a.toScreen(msg)
}

// linuxFnKey is the F-key the Linux console means by the letter that
// follows its "ESC [ [" (console_codes(4); the kernel's default keymap).
// F6 to F12 (ESC [ 17 ~ ...), Home and End (ESC [ 1 ~, ESC [ 4 ~) and the
// keypad's Enter are sequences Bubble Tea decodes itself.
//
// The parser hands the letter over as shift plus its lower case, with
// the upper case as its text.
func linuxFnKey(k tea.KeyPressMsg) (tea.KeyPressMsg, bool) {
	if len(k.Text) != 1 || k.Text[0] < 'A' || k.Text[0] > 'E' || k.Mod&^tea.ModShift != 0 {
		return k, false
	}
	return tea.KeyPressMsg{Code: tea.KeyF1 + rune(k.Text[0]-'A')}, true
}

// key handles global keys, then hands the rest to the wedge assembler.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, a.keys.Quit):
		if w, ok := a.cur.(*workflow); ok && msg.Code == tea.KeyF10 && w.state.Pending() > 0 {
			// Scanned serials or move lines wait for the step that
			// records them; F10 must not drop them unseen.
			// Pending counts serials and move lines, not units: say
			// no number rather than a wrong one.
			return signal(VerdictBad, "What you scanned is not recorded yet: finish the step (scan where it goes) or Esc, then F10.")
		}
		return tea.Quit
	case msg.Code == tea.KeyEscape && msg.Mod == tea.ModAlt:
		// Two Esc presses read in one go look like Alt+Esc to the
		// terminal parser; on a keypad they are two steps back.
		esc := tea.KeyPressMsg{Code: tea.KeyEscape}
		return tea.Batch(a.key(esc), a.key(esc))
	}
	cmd := a.deliver(a.wedge.key(msg, a.env.now()))
	if at, ok := a.wedge.deadline(); ok {
		d := at.Sub(a.env.now())
		return tea.Batch(cmd, a.cfg.After(max(d, time.Millisecond), wedgeFlushMsg{}))
	}
	return cmd
}

// deliver passes what the wedge released to the screen: typed keys one by
// one (? and F1 toggle help, Esc or Enter close it), then assembled scans.
// Keyboard input inside the grace period after a screen opened is dropped.
func (a *App) deliver(out wedgeOutput) tea.Cmd {
	if a.inGrace() {
		return nil
	}
	var cmds []tea.Cmd
	for _, k := range out.keys {
		switch {
		case key.Matches(k, a.keys.Help):
			a.showHelp = !a.showHelp
		case a.showHelp && key.Matches(k, a.keys.CloseHelp):
			a.showHelp = false
		default:
			cmds = append(cmds, a.toScreen(k))
		}
	}
	for _, s := range out.scans {
		a.showHelp = false
		cmds = append(cmds, a.toScreen(s))
	}
	return tea.Batch(cmds...)
}

func (a *App) inGrace() bool {
	return a.cfg.Grace > 0 && a.env.now().Sub(a.openedAt) < a.cfg.Grace
}

func (a *App) toScreen(msg tea.Msg) tea.Cmd {
	if cmd, ok := a.enrollScan(msg); ok {
		return cmd
	}
	s, cmd := a.cur.Update(msg)
	a.cur = s
	return cmd
}

// open switches screens: a clean result line, help closed, grace restarted.
func (a *App) open(s screen) tea.Cmd {
	a.cur = s
	a.res = result{}
	a.flashOn = false
	a.showHelp = false
	a.openedAt = a.env.now()
	return s.Init()
}

// signal shows a result with a green or red flash and rings the bell
// pattern for its verdict: one beep for OK, three for a refusal, two for a
// warning, so an operator who is not looking still knows.
func (a *App) signal(r result) tea.Cmd {
	a.res = r
	if r.verdict == VerdictNone {
		return nil
	}
	a.flash++
	a.flashOn = true
	id := a.flash
	end := a.cfg.After(600*time.Millisecond, flashEndMsg{id})
	a.lastBell = r.verdict
	if a.cfg.Silent {
		return end
	}
	seq := []tea.Cmd{tea.Raw("\a")}
	for i := 1; i < beeps(r.verdict); i++ {
		seq = append(seq, a.cfg.After(120*time.Millisecond, bellDoneMsg{}), tea.Raw("\a"))
	}
	return tea.Batch(end, tea.Sequence(seq...))
}

// beeps is how many times the bell rings for a verdict.
func beeps(v Verdict) int {
	switch v {
	case VerdictOK:
		return 1
	case VerdictWarn:
		return 2
	case VerdictBad:
		return 3
	}
	return 0
}

// View draws the frame around the current screen.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "scanterm"
	return v
}

// render lays the screen out in exactly width×height cells: title, prompt
// block, result, context, status bar, help line.
func (a *App) render() string {
	w, h := a.width, a.height
	if w < 10 || h < 6 {
		return "window too small"
	}
	st := a.env.st
	top := []string{st.Title.Render(fitLine(" "+a.title(), w))}
	bottom := a.statusBar(w)
	bottom = append(bottom, fitLine(a.help.ShortHelpView(a.shortHelp()), w))

	room := h - len(top) - len(bottom)
	var mid []string
	if a.showHelp {
		mid = a.fullHelp(w)
	} else {
		head := a.cur.Head(w)
		var res []string
		if a.res.text != "" {
			// The result may take all but the prompt's first line and
			// the entry line: a refusal's "what to do" comes last and
			// must not be the part that is cut.
			most := max(room-2, 1)
			if mb, ok := a.cur.(interface{ minBody(w int) int }); ok {
				// A screen of choices (the menu) keeps every item on
				// screen: the notice gets what is left.
				most = max(min(most, room-mb.minBody(w)), 1)
			}
			res = a.resultLines(w, most)
		}
		mid = append(shrinkHead(head, room-len(res)), res...)
		if left := room - len(mid); left > 0 {
			mid = append(mid, a.cur.Body(w, left)...)
		}
	}
	mid = clip(mid, room, st.Dim.Render("…"))
	for len(mid) < room {
		mid = append(mid, "")
	}
	lines := append(top, mid...)
	lines = append(lines, bottom...)
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	// One translation point for the marks: the whole frame, whichever
	// screen or engine message they came from.
	return a.cfg.Glyphs.apply(strings.Join(lines, "\n"))
}

func (a *App) title() string {
	t := a.cur.Title()
	if a.cur.Busy() {
		t += " · wait…"
	}
	if a.showHelp {
		t += " · help"
	}
	return t
}

// shrinkHead fits the prompt block into h lines when a long result needs
// the room: it keeps the first line (what to scan) and the last (the
// entry line) and drops the lines just above the entry line (the why)
// first.
func shrinkHead(head []string, h int) []string {
	if len(head) <= h || len(head) <= 2 {
		return head
	}
	out := append([]string(nil), head...)
	for len(out) > max(h, 2) {
		out = append(out[:len(out)-2], out[len(out)-1])
	}
	return out
}

func (a *App) resultLines(w, most int) []string {
	st := a.env.st
	mark, style := "", st.Dim
	switch a.res.verdict {
	case VerdictOK:
		mark, style = "✓ ", st.OK
		if a.flashOn {
			style = st.FlashOK
		}
	case VerdictWarn:
		mark, style = "! ", st.Warn
		if a.flashOn {
			style = st.FlashWarn
		}
	case VerdictBad:
		mark, style = "✗ ", st.Bad
		if a.flashOn {
			style = st.FlashBad
		}
	}
	lines := wrap(mark+operatorText(a.res.text), w)
	lines = clip(lines, most, "…")
	for i, l := range lines {
		lines[i] = style.Render(fitLine(l, w))
	}
	return lines
}

func (a *App) shortHelp() []key.Binding {
	// Help first, and short on a narrow screen so the line fits 30
	// columns ("? help • enter ok • esc back").
	h := a.keys.Help
	if a.width < 60 {
		h = key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "help"))
	}
	return append([]key.Binding{h}, a.cur.Keys().ShortHelp()...)
}

// guided is a screen whose help page starts with a paragraph on the task.
type guided interface{ Guide() string }

// fullHelp is the help page: what this task is (workflows), then only the
// keys that do something on this screen, then help and quit, which work
// everywhere.
func (a *App) fullHelp(w int) []string {
	var lines []string
	if g, ok := a.cur.(guided); ok && g.Guide() != "" {
		lines = append(lines, wrapStyled(a.env.st.Why, g.Guide(), w)...)
	}
	groups := a.cur.Keys().FullHelp()
	groups = append(groups, []key.Binding{a.keys.Help, a.keys.Quit})
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			hb := b.Help()
			lines = append(lines, a.env.st.Help.FullKey.Render(fmt.Sprintf("%-6s", hb.Key))+" "+a.env.st.Help.FullDesc.Render(hb.Desc))
		}
	}
	return lines
}
