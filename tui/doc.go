// Package tui is scanterm's terminal user interface: the Bubble Tea program
// an operator drives with a scanner, a numeric keypad, F-keys, Enter and Esc.
//
// The root model ([App]) routes messages to one model per screen (sign-in,
// menu, one screen per workflow, look-up). Workflow screens ask the pure step
// engine in tui/flow what a scan means and record the actions it drafts in
// localdb through a tea.Cmd before they show OK; nothing in Update blocks.
// Scans arrive as [ScanMsg] from any scanner source (a re-arming command
// reading a channel) or from the keyboard wedge assembler, which turns a fast
// burst of key presses ending in Enter or Tab into one scan.
package tui
