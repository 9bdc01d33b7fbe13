//! Where a webhook may be sent. An endpoint URL is checked when it is
//! registered (https only, no credentials, no address literal of a private
//! network), and again at each send, on the addresses its name resolves to
//! then: a name that resolved to a public address at registration may point
//! inside the network later (DNS rebinding), so the sender connects only to
//! addresses this module allowed.
//!
//! The host is judged as the URL library reads it, the same library the
//! HTTP client connects with: `2130706433`, `0x7f000001`, `0177.0.0.1`,
//! `127.1` and `127.0.0.1.` are all 127.0.0.1 to it, so they are to us.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why a destination is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("must be an https:// URL")]
    NotHttps,
    #[error("is not a URL")]
    Malformed,
    #[error("must not carry a user name or password")]
    Credentials,
    #[error("points to a private, loopback or link-local address ({0})")]
    PrivateAddress(IpAddr),
}

/// The IPv4 address an IPv6 one carries, when it carries one a router
/// would reach: mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`,
/// deprecated but still routed by some stacks) and 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    if s[..6] == [0; 6] && !(s[6] == 0 && s[7] <= 1) {
        return Some(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

/// Whether an address may be called: public unicast only, or loopback when
/// development allows it.
pub fn address_allowed(ip: IpAddr, allow_loopback: bool) -> Result<(), Refused> {
    let ip = match ip {
        IpAddr::V6(v6) => embedded_v4(v6).map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    let internal = match ip {
        IpAddr::V4(v4) => v4_internal(v4),
        IpAddr::V6(v6) => v6_internal(v6),
    };
    if !internal || (allow_loopback && ip.is_loopback()) {
        Ok(())
    } else {
        Err(Refused::PrivateAddress(ip))
    }
}

fn v4_internal(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // "This network", 0.0.0.0/8, and reserved 240.0.0.0/4.
        || a == 0
        || a >= 240
        // Benchmarking, 198.18.0.0/15.
        || (a == 198 && (b == 18 || b == 19))
}

fn v6_internal(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // Unique local fc00::/7, link-local fe80::/10, and site-local
        // fec0::/10 (deprecated, still routed inside some networks).
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        // Teredo 2001::/32 hides an IPv4 address behind a relay.
        || (first == 0x2001 && ip.segments()[1] == 0)
        // NAT64 well-known prefix 64:ff9b::/96 reaches IPv4 space.
        || first == 0x0064
}

/// A registered endpoint's URL, checked: its host, port and whether it is
/// plain HTTP to loopback (development only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub host: String,
    pub port: u16,
}

/// Checks a URL as a webhook destination, when it is registered and again
/// before each call: its shape, its address when the host is one, and
/// `localhost` by name. Other names are judged on what they resolve to, by
/// the sender's resolver at each call.
pub fn check_url(url: &str, allow_loopback: bool) -> Result<Destination, Refused> {
    let https = if url.starts_with("https://") {
        true
    } else if url.starts_with("http://") {
        false
    } else {
        return Err(Refused::NotHttps);
    };
    if url.len() > 2000 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Refused::Malformed);
    }
    // The URL library forgives `https:///h` (a host `h`): we do not.
    let authority = url
        .split_once("//")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    if authority.is_empty() {
        return Err(Refused::Malformed);
    }
    let parsed = url::Url::parse(url).map_err(|_| Refused::Malformed)?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refused::Credentials);
    }
    if parsed.port() == Some(0) {
        return Err(Refused::Malformed);
    }
    let port = parsed.port_or_known_default().ok_or(Refused::Malformed)?;
    // As the client will connect: an address, or a name to resolve.
    let (host, address) = match parsed.host().ok_or(Refused::Malformed)? {
        url::Host::Ipv4(v4) => (v4.to_string(), Some(IpAddr::V4(v4))),
        url::Host::Ipv6(v6) => (format!("[{v6}]"), Some(IpAddr::V6(v6))),
        url::Host::Domain(name) => (name.trim_end_matches('.').to_owned(), None),
    };
    let localhost = address.is_none() && (host == "localhost" || host.ends_with(".localhost"));
    match address {
        Some(ip) => address_allowed(ip, allow_loopback)?,
        None if localhost && !allow_loopback => {
            return Err(Refused::PrivateAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)))
        }
        None => {}
    }
    let loopback = address.is_some_and(|ip| ip.is_loopback()) || localhost;
    if !(https || (allow_loopback && loopback)) {
        return Err(Refused::NotHttps);
    }
    Ok(Destination { host, port })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_https_urls_pass() {
        let d = check_url("https://crm.example.org/hooks/renfort?x=1", false).unwrap();
        assert_eq!(d.host, "crm.example.org");
        assert_eq!(d.port, 443);
        let d = check_url("https://93.184.216.34:8443/h", false).unwrap();
        assert_eq!(d.port, 8443);
    }

    #[test]
    fn plain_http_and_internal_literals_are_refused() {
        for (url, expected) in [
            ("http://crm.example.org/h", Refused::NotHttps),
            ("ftp://crm.example.org/h", Refused::NotHttps),
            ("https://user:pw@crm.example.org/h", Refused::Credentials),
            ("https:///h", Refused::Malformed),
            ("https://crm.example.org:0/h", Refused::Malformed),
        ] {
            assert_eq!(check_url(url, false), Err(expected), "{url}");
        }
        for url in [
            "https://127.0.0.1/h",
            "https://10.1.2.3/h",
            "https://172.16.0.1/h",
            "https://192.168.1.1/h",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/h",
            "https://0.0.0.0/h",
            "https://[::1]/h",
            "https://[fd00::1]/h",
            "https://[fe80::1]/h",
            "https://[::ffff:10.0.0.1]/h",
            "https://localhost/h",
            // IPv4 written as the URL library still reads it.
            "https://2130706433/h",
            "https://0x7f000001/h",
            "https://0177.0.0.1/h",
            "https://127.1/h",
            "https://127.0.0.1./h",
            "https://2852039166/latest/meta-data",
            "https://localhost./h",
            "https://api.localhost/h",
            "https://[fec0::1]/h",
            "https://[::127.0.0.1]/h",
            "https://[::ffff:7f00:1]/h",
        ] {
            assert!(
                matches!(check_url(url, false), Err(Refused::PrivateAddress(_))),
                "{url}"
            );
        }
    }

    #[test]
    fn development_allows_loopback_only() {
        assert!(check_url("http://127.0.0.1:9000/h", true).is_ok());
        assert!(check_url("http://[::1]:9000/h", true).is_ok());
        assert!(check_url("http://localhost:9000/h", true).is_ok());
        assert!(check_url("http://10.0.0.1:9000/h", true).is_err());
        assert!(check_url("https://169.254.169.254/h", true).is_err());
        assert!(check_url("http://crm.example.org/h", true).is_err());
    }

    #[test]
    fn resolved_addresses_are_judged_the_same_way() {
        assert!(address_allowed("93.184.216.34".parse().unwrap(), false).is_ok());
        assert!(address_allowed("2606:2800:220:1::1".parse().unwrap(), false).is_ok());
        assert!(address_allowed("127.0.0.1".parse().unwrap(), false).is_err());
        assert!(address_allowed("127.0.0.1".parse().unwrap(), true).is_ok());
        assert!(address_allowed("192.168.0.1".parse().unwrap(), true).is_err());
        assert!(address_allowed("::ffff:127.0.0.1".parse().unwrap(), false).is_err());
        for v6 in [
            "::127.0.0.1",
            "2002:7f00:1::",
            "2002:a9fe:a9fe::1",
            "fec0::1",
            "2001:0:4136:e378::1",
        ] {
            assert!(address_allowed(v6.parse().unwrap(), false).is_err(), "{v6}");
        }
        assert!(address_allowed("2002:5db8:d822::1".parse().unwrap(), false).is_ok());
    }
}
