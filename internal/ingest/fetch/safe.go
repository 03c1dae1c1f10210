package fetch

import (
	"context"
	"net"
	"net/netip"

	"github.com/warta-news/warta/internal/outbound"
)

// ErrBlocked is wrapped by errors for connections refused because the
// address is not on the public internet (outbound.ErrBlocked).
var ErrBlocked = outbound.ErrBlocked

// Public reports whether a is an ordinary public unicast address that the
// fetcher may connect to without explicit permission.
func Public(a netip.Addr) bool { return outbound.Public(a) }

// checkAddr decides whether the fetcher may connect to a.
func (f *Fetcher) checkAddr(a netip.Addr) error { return f.guard.Check(a) }

// dial connects through the guard shared with the webhooks.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	return f.guard.DialContext(ctx, network, addr)
}
