package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrBlocked is wrapped by errors for connections refused because the
// address is loopback, private, link-local, a cloud metadata service or
// otherwise not on the public internet.
var ErrBlocked = errors.New("address not allowed")

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

// Public reports whether a is an ordinary public unicast address that the
// fetcher may connect to without explicit permission.
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

// checkAddr decides whether the fetcher may connect to a.
func (f *Fetcher) checkAddr(a netip.Addr) error {
	a = a.Unmap()
	if f.opt.AllowPrivate || Public(a) {
		return nil
	}
	for _, p := range f.opt.Allow {
		if p.Contains(a) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is not a public address", ErrBlocked, a)
}

// control runs after DNS resolution and before each connect, with the IP
// actually dialed: the check cannot be dodged by a name that resolves to a
// private address, by DNS rebinding between a check and the connect, or by
// a redirect, because every connection passes here.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read dialed address %q", ErrBlocked, address)
	}
	return f.checkAddr(ap.Addr())
}

// dial connects through the checking dialer. With Options.Resolve set (tests,
// benchmarks) names are looked up there instead of in DNS; the resolved
// address still goes through control.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if f.opt.Resolve == nil {
		return f.dialer.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return f.dialer.DialContext(ctx, network, addr)
	}
	addrs, err := f.opt.Resolve(ctx, host)
	if err != nil {
		return nil, &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
	}
	var first error
	for _, a := range addrs {
		c, err := f.dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
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
