package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// palette is the handful of colours every style is built from. Handheld
// screens are small and often in bright light: few colours, high contrast.
type palette struct {
	fg, dim, accent, ok, bad, warn, barBg, barFg, flashFg, ink color.Color
}

func defaultPalette() palette {
	return palette{
		fg:      lipgloss.Color("252"),
		dim:     lipgloss.Color("245"),
		accent:  lipgloss.Color("39"),
		ok:      lipgloss.Color("34"),
		bad:     lipgloss.Color("196"),
		warn:    lipgloss.Color("214"),
		barBg:   lipgloss.Color("236"),
		barFg:   lipgloss.Color("252"),
		flashFg: lipgloss.Color("231"),
		ink:     lipgloss.Color("16"), // dark text on the amber flash
	}
}

// sixteenPalette is the palette for terminals of 16 colours, the Linux
// console first. Downsampled to 16, the default palette's amber turns the
// same red as a refusal, and its flashes stand on bright backgrounds the
// console draws as the plain ones; here each verdict has its own basic
// colour: green, yellow, red. (With a 512-glyph console font the console
// gives up bright foregrounds too; the marks and bells still differ.)
func sixteenPalette() palette {
	return palette{
		fg:      lipgloss.Color("15"),
		dim:     lipgloss.Color("7"),
		accent:  lipgloss.Color("6"),
		ok:      lipgloss.Color("2"),
		bad:     lipgloss.Color("1"),
		warn:    lipgloss.Color("3"),
		barBg:   lipgloss.Color("0"),
		barFg:   lipgloss.Color("7"),
		flashFg: lipgloss.Color("15"),
		ink:     lipgloss.Color("0"),
	}
}

// Styles is the one theme: every screen draws with these and nothing else.
type Styles struct {
	Title     lipgloss.Style // the top line
	Prompt    lipgloss.Style // the one big "Scan LOT"
	Why       lipgloss.Style // why the prompt asks for it
	Label     lipgloss.Style
	Value     lipgloss.Style
	Dim       lipgloss.Style
	Input     lipgloss.Style
	OK        lipgloss.Style // ✓ result
	Warn      lipgloss.Style // ! result
	Bad       lipgloss.Style // ✗ result, recall status
	FlashOK   lipgloss.Style // result line right after a good scan
	FlashBad  lipgloss.Style // result line right after a refused scan
	FlashWarn lipgloss.Style // result line right after a warning
	MenuKey   lipgloss.Style
	MenuItem  lipgloss.Style
	Selected  lipgloss.Style
	Bar       lipgloss.Style // status bar
	BarOK     lipgloss.Style
	BarBad    lipgloss.Style
	BarWarn   lipgloss.Style
	Help      help.Styles
}

// DefaultStyles builds the theme from the default palette.
func DefaultStyles() Styles { return stylesFrom(defaultPalette()) }

// stylesFor builds the theme for a terminal's colour profile: the 16-colour
// palette where there are 16 colours or fewer, the default elsewhere.
func stylesFor(p colorprofile.Profile) Styles {
	if p <= colorprofile.ANSI {
		pal := sixteenPalette()
		st := stylesFrom(pal)
		// The help line's default separators are dark grey, which 16
		// colours make black: invisible on the console's black.
		sep := lipgloss.NewStyle().Foreground(pal.dim)
		st.Help.ShortSeparator, st.Help.FullSeparator, st.Help.Ellipsis = sep, sep, sep
		return st
	}
	return DefaultStyles()
}

func stylesFrom(p palette) Styles {
	bar := lipgloss.NewStyle().Background(p.barBg).Foreground(p.barFg)
	h := help.DefaultDarkStyles()
	h.ShortKey = lipgloss.NewStyle().Foreground(p.accent)
	h.FullKey = h.ShortKey
	h.ShortDesc = lipgloss.NewStyle().Foreground(p.dim)
	h.FullDesc = h.ShortDesc
	return Styles{
		Title:     lipgloss.NewStyle().Bold(true).Foreground(p.flashFg).Background(p.accent),
		Prompt:    lipgloss.NewStyle().Bold(true).Foreground(p.accent),
		Why:       lipgloss.NewStyle().Foreground(p.dim),
		Label:     lipgloss.NewStyle().Foreground(p.dim),
		Value:     lipgloss.NewStyle().Foreground(p.fg),
		Dim:       lipgloss.NewStyle().Foreground(p.dim),
		Input:     lipgloss.NewStyle().Foreground(p.fg),
		OK:        lipgloss.NewStyle().Foreground(p.ok),
		Warn:      lipgloss.NewStyle().Foreground(p.warn),
		Bad:       lipgloss.NewStyle().Bold(true).Foreground(p.bad),
		FlashOK:   lipgloss.NewStyle().Bold(true).Foreground(p.flashFg).Background(p.ok),
		FlashBad:  lipgloss.NewStyle().Bold(true).Foreground(p.flashFg).Background(p.bad),
		FlashWarn: lipgloss.NewStyle().Bold(true).Foreground(p.ink).Background(p.warn),
		MenuKey:   lipgloss.NewStyle().Bold(true).Foreground(p.accent),
		MenuItem:  lipgloss.NewStyle().Foreground(p.fg),
		Selected:  lipgloss.NewStyle().Bold(true).Reverse(true),
		Bar:       bar,
		BarOK:     bar.Foreground(p.ok),
		BarBad:    bar.Foreground(p.bad).Bold(true),
		BarWarn:   bar.Foreground(p.warn),
		Help:      h,
	}
}
