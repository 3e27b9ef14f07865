package flow

import "github.com/scanterm/scanterm/sync/wire"

func stepTransfer(s *State, cat Catalog, in Input) (Verdict, []wire.Event) {
	return errorf("not implemented yet"), nil
}
func stepPick(s *State, cat Catalog, in Input) (Verdict, []wire.Event) {
	return errorf("not implemented yet"), nil
}
func stepShip(s *State, cat Catalog, in Input) (Verdict, []wire.Event) {
	return errorf("not implemented yet"), nil
}
func stepReturn(s *State, cat Catalog, in Input) (Verdict, []wire.Event) {
	return errorf("not implemented yet"), nil
}
func stepCount(s *State, cat Catalog, in Input) (Verdict, []wire.Event) {
	return errorf("not implemented yet"), nil
}
func stepLookup(s State, cat Catalog, in Input) (State, Outcome) {
	return s, Outcome{Verdict: errorf("not implemented yet")}
}
func promptTransfer(s State, cat Catalog) Prompt          { return Prompt{} }
func promptPick(s State, cat Catalog) Prompt              { return Prompt{} }
func promptShip(s State, cat Catalog) Prompt              { return Prompt{} }
func promptReturn(s State, cat Catalog) Prompt            { return Prompt{} }
func promptCount(s State, cat Catalog) Prompt             { return Prompt{} }
func (s *State) openPick(cat Catalog, id string) Verdict  { return errorf("not implemented yet") }
func (s *State) openShip(cat Catalog, id string) Verdict  { return errorf("not implemented yet") }
func (s *State) openCount(cat Catalog, id string) Verdict { return errorf("not implemented yet") }
func (s State) pickDone(cat Catalog) bool                 { return false }
func (s State) shipDone(cat Catalog) bool                 { return false }
