package flowtest_test

import (
	"testing"

	"github.com/scanterm/scanterm/tui/flow"
	"github.com/scanterm/scanterm/tui/flow/flowtest"
)

// TestCatalogContract holds the in-memory catalog to the contract the real
// adapter over the terminal's database also passes (tui/catalog), so the
// engine's tests run against what the terminal does.
func TestCatalogContract(t *testing.T) {
	flowtest.CatalogContract(t, func(t *testing.T, s flowtest.Seed) flow.Catalog {
		return flowtest.FromSeed(s)
	})
}
