package console

import (
	"sync"
	"time"
)

// limiter counts failed sign-ins per key (a client address, an account
// name) in a sliding window; past max failures the key is refused until
// the oldest failure leaves the window. State is in memory: a restart
// forgives, which is acceptable for a hub on the site's own network.
type limiter struct {
	max    int
	window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// retryAfter is how long key must wait before its next attempt; 0 means
// it may try now.
func (l *limiter) retryAfter(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.prune(key, now)
	if len(fs) < l.max {
		return 0
	}
	return fs[0].Add(l.window).Sub(now)
}

func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[key] = append(l.prune(key, now), now)
	// Keep the map bounded when many addresses try once and go away.
	if len(l.fails) > 10000 {
		for k := range l.fails {
			if len(l.prune(k, now)) == 0 {
				delete(l.fails, k)
			}
		}
	}
}

func (l *limiter) succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// prune drops failures older than the window; l.mu is held.
func (l *limiter) prune(key string, now time.Time) []time.Time {
	fs := l.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= l.window {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = fs
	return fs
}
