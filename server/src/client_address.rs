//! Where a request comes from, for the sign-up limits.
//!
//! Behind proxies the socket peer is the last proxy, and `X-Forwarded-For` lists the hops: the
//! client writes whatever it likes at the start, and each proxy appends the address it received
//! the request from. So the list is read from the right, and each hop is believed only while the
//! address that wrote it is a trusted proxy: the first address not in that list is the client.
//! (Hand-written: the axum helper crates take the left-most entry, which the client controls.)

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::{IpNet, Ipv6Net};

use crate::config::Config;

/// The key the sign-up limits count a request's source under.
pub fn source_key(config: &Config, peer: SocketAddr, headers: &HeaderMap) -> String {
    let forwarded = if config.trust_forwarded_for {
        let hops: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        Some(hops.join(","))
    } else {
        None
    };
    source_group(client_ip(peer.ip(), forwarded.as_deref(), &config.trusted_proxies))
}

/// The client's address: the right-most `X-Forwarded-For` hop not written by the client itself.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpNet]) -> IpAddr {
    let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    let Some(forwarded_for) = forwarded_for else {
        return client;
    };
    for hop in forwarded_for.rsplit(',').map(str::trim).filter(|hop| !hop.is_empty()) {
        if !trusted(&client) {
            break;
        }
        // A trusted proxy passed on something that is no address: stop at the proxy, so such
        // requests share one budget instead of each inventing a fresh source.
        let Some(ip) = parse_hop(hop) else {
            break;
        };
        client = ip.to_canonical();
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, and the forms with a port some proxies write
/// (`203.0.113.7:41234`, `[2001:db8::1]:41234`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
}

/// IPv6 hosts get a whole /64 each (and can pick any address in it), so a /64 is one source.
pub fn source_group(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => Ipv6Net::new(v6, 64).map(|net| net.trunc().to_string()).unwrap_or_else(|_| v6.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies() -> Vec<IpNet> {
        crate::config::trusted_proxies("10.0.0.0/8, ::1, 127.0.0.1").unwrap()
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies = proxies();
        // The client wrote the first entry; the edge proxy appended the real address.
        assert_eq!(client_ip(ip("10.0.0.2"), Some("1.2.3.4, 198.51.100.7"), &proxies), ip("198.51.100.7"));
        // Two proxies: the inner one appended the edge proxy's address.
        assert_eq!(client_ip(ip("10.0.0.2"), Some("1.2.3.4, 198.51.100.7, 10.0.0.9"), &proxies), ip("198.51.100.7"));
        // Ports, IPv4-mapped IPv6 and extra spaces are tolerated.
        assert_eq!(client_ip(ip("::1"), Some(" 198.51.100.7:41234 "), &proxies), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("::ffff:10.0.0.2"), Some("[2001:db8::5]:80"), &proxies), ip("2001:db8::5"));
    }

    #[test]
    fn forwarded_for_is_ignored_unless_a_trusted_proxy_wrote_it() {
        let proxies = proxies();
        assert_eq!(client_ip(ip("198.51.100.7"), Some("1.2.3.4"), &proxies), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.2"), None, &proxies), ip("10.0.0.2"));
        // Only proxies all the way: the left-most hop they vouch for.
        assert_eq!(client_ip(ip("10.0.0.2"), Some("10.0.0.3, 10.0.0.4"), &proxies), ip("10.0.0.3"));
        // Garbage passed on by a proxy stops the walk at that proxy.
        assert_eq!(client_ip(ip("10.0.0.2"), Some("1.2.3.4, unknown"), &proxies), ip("10.0.0.2"));
    }

    #[test]
    fn ipv6_sources_are_grouped_by_64() {
        assert_eq!(source_group(ip("2001:db8:1:2:aaaa::1")), source_group(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(source_group(ip("2001:db8:1:2::1")), source_group(ip("2001:db8:1:3::1")));
        assert_eq!(source_group(ip("198.51.100.7")), "198.51.100.7");
    }
}
