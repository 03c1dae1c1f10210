package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// ErrBlocked is wrapped by errors for connections refused because the
// address is loopback, private, link-local, a cloud metadata service or
// otherwise not on the public internet.
var ErrBlocked = errors.New("address not allowed")

// ErrRedirect is wrapped by errors for a POST redirected elsewhere.
var ErrRedirect = errors.New("redirect not followed")

// blockedNets are ranges netip's predicates do not cover: shared address
// space (carrier-grade NAT), IETF protocol assignments, benchmarking,
// documentation, the "this network" block, and IPv6 translation and
// documentation prefixes. Metadata services (169.254.169.254,
// fd00:ec2::254, 100.100.100.200) fall in link-local, unique-local or
// shared space.
var blockedNets = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24",
		"203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
		"64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "2001::/32", "2002::/16",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// Public reports whether a is an ordinary public unicast address that
// may be connected to without explicit permission.
func Public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range blockedNets {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// Guard decides which addresses outgoing connections may reach and dials
// them. The zero Guard allows public addresses only.
type Guard struct {
	// AllowPrivate lets connections reach loopback, private, link-local
	// and other non-public addresses; the operator's choice.
	AllowPrivate bool
	// Allow lists ranges allowed even when AllowPrivate is off.
	Allow []netip.Prefix
	// Resolve, when set, looks host names up instead of DNS (tests map
	// made-up hosts to a local server); resolved addresses are checked all
	// the same.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
	// ConnectTimeout bounds one connect (default 10 s).
	ConnectTimeout time.Duration
}

// Check decides whether a connection may go to a.
func (g *Guard) Check(a netip.Addr) error {
	a = a.Unmap()
	if g.AllowPrivate || Public(a) {
		return nil
	}
	for _, p := range g.Allow {
		if p.Contains(a) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is not a public address", ErrBlocked, a)
}

// CheckHost refuses a URL host that is an IP literal the guard would not
// connect to, for a clear error before any connection (or when a webhook
// is saved); names are checked when they are dialed.
func (g *Guard) CheckHost(host string) error {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return g.Check(a)
	}
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return g.Check(netip.MustParseAddr("127.0.0.1"))
	}
	return nil
}

// control runs after DNS resolution and before each connect, with the IP
// actually dialed.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read dialed address %q", ErrBlocked, address)
	}
	return g.Check(ap.Addr())
}

func (g *Guard) dialer() *net.Dialer {
	t := g.ConnectTimeout
	if t <= 0 {
		t = 10 * time.Second
	}
	return &net.Dialer{Timeout: t, KeepAlive: 30 * time.Second, Control: g.control}
}

// DialContext connects through the check, for an http.Transport.
func (g *Guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := g.dialer()
	if g.Resolve == nil {
		return d.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return d.DialContext(ctx, network, addr)
	}
	addrs, err := g.Resolve(ctx, host)
	if err != nil {
		return nil, &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
	}
	var first error
	for _, a := range addrs {
		c, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		first = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return nil, first
}

// PostClient returns a client for webhook POSTs: every connection through
// the guard, no proxy from the environment (the check must see the
// receiver's address), and a redirect followed only to the same scheme,
// host and port, at most three times, so a receiver cannot bounce the
// body to another service.
func (g *Guard) PostClient(timeout time.Duration) *http.Client {
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            g.DialContext,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  timeout,
		MaxIdleConns:           20,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if len(via) > 3 {
			return fmt.Errorf("%w: more than 3 redirects", ErrRedirect)
		}
		if req.URL.Scheme != first.Scheme || hostPort(req.URL.Scheme, req.URL.Host) != hostPort(first.Scheme, first.Host) {
			return fmt.Errorf("%w: %s redirects to another host or port", ErrRedirect, first.Scheme+"://"+first.Host)
		}
		return g.CheckHost(req.URL.Hostname())
	}}
}

// hostPort is host with the scheme's default port made explicit.
func hostPort(scheme, host string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return strings.ToLower(host)
	}
	port := "80"
	if scheme == "https" {
		port = "443"
	}
	return strings.ToLower(net.JoinHostPort(strings.Trim(host, "[]"), port))
}
