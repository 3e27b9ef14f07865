package console

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := HashPassword("a long enough password")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"a long enough password": true, "a long enough passwore": false, "": false} {
		if ok, err := CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("check %q: %v %v, want %v", pw, ok, err, want)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("short password accepted")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	for _, h := range []string{"", "$argon2id$", "$argon2i$v=19$m=65536,t=3,p=2$c2FsdA$a2V5", "$argon2id$v=19$m=0,t=3,p=2$c2FsdA$a2V5",
		"$argon2id$v=19$m=65536,t=3,p=2$!!$a2V5", "$argon2id$v=19$m=999999,t=3,p=2$c2FsdA$a2V5", "$argon2id$v=18$m=65536,t=3,p=2$c2FsdA$a2V5"} {
		if ok, err := CheckPassword(h, "x"); ok || err == nil {
			t.Errorf("hash %q: ok=%v err=%v, want a refusal", h, ok, err)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=16,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5", "pw")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		CheckPassword(hash, pw) // must not panic
	})
}
