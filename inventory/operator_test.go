package inventory

import "testing"

// TestPINHashKnownAnswers pins the stored PIN format: every terminal and the
// hub keep these hashes, so a change here would lock every operator out.
// The expected values were computed outside Go, with
//
//	printf '%s' 'scanterm-pin:1001:1234' | sha256sum
//
// and likewise for the other inputs.
func TestPINHashKnownAnswers(t *testing.T) {
	for _, tc := range []struct{ id, pin, want string }{
		{"1001", "1234", "8829532e3e0487ea8573acc49e87c11250c52cbb676c6e660947f5e17b84fa8f"},
		{"op1", "0000", "5d12b96d28723d1ab6373f2de98264cbdb85690f3d5a96f054a6b797f3bce4c1"},
		{"OP-7", "98765432", "8b88ecad3755f0c8b74678b847492e3dae2642cb4ca21b46ead2c23caa0a624a"},
		{"", "", "7334b9e87b38cd95a4e38adf0fb39ce73a413007ef1af88b731ba62fd99ef902"},
		// UTF-8 bytes as given, no normalisation or trimming.
		{"jörg", "12 34", "fb60256587c63123ccf6c22d2f0e7c7d14854c445d000f59a6a1b6ef83b0aea0"},
	} {
		if got := PINHash(tc.id, tc.pin); got != tc.want {
			t.Errorf("PINHash(%q, %q) = %s, want %s", tc.id, tc.pin, got, tc.want)
		}
	}
	// The ID is part of the hash: the same PIN of two operators differs.
	if PINHash("1001", "1234") == PINHash("1002", "1234") {
		t.Error("two operators with the same PIN share a hash")
	}
}
