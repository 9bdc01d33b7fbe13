//! Where a webhook may be sent. An endpoint URL is checked when it is
//! registered (https only, no credentials, no address literal of a private
//! network), and again at each send, on the addresses its name resolves to
//! then: a name that resolved to a public address at registration may point
//! inside the network later (DNS rebinding), so the sender connects only to
//! addresses this module allowed.

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

/// Whether an address may be called: public unicast only, or loopback when
/// development allows it.
pub fn address_allowed(ip: IpAddr, allow_loopback: bool) -> Result<(), Refused> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
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
        // Unique local fc00::/7 and link-local fe80::/10.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
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

/// Checks a URL as a webhook destination when it is registered: its shape,
/// its address if it is a literal, and `localhost` by name. Other names are
/// judged on what they resolve to, at each send.
pub fn check_url(url: &str, allow_loopback: bool) -> Result<Destination, Refused> {
    let destination = check_shape(url, allow_loopback)?;
    if destination.host.eq_ignore_ascii_case("localhost") && !allow_loopback {
        return Err(Refused::PrivateAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
    Ok(destination)
}

/// The shape of a destination URL and its address literal, if any: what
/// the sender checks before each call (names go through its resolver).
pub fn check_shape(url: &str, allow_loopback: bool) -> Result<Destination, Refused> {
    let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(Refused::NotHttps);
    };
    if url.len() > 2000 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Refused::Malformed);
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Refused::Credentials);
    }
    let (host, port) = split_host_port(authority).ok_or(Refused::Malformed)?;
    let port = port.unwrap_or(if https { 443 } else { 80 });
    let literal = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .ok();
    if let Some(ip) = literal {
        address_allowed(ip, allow_loopback)?;
    }
    let loopback = literal.is_some_and(|ip| ip.is_loopback()) || host == "localhost";
    let plain_http_allowed = allow_loopback && loopback;
    if !(https || plain_http_allowed) {
        return Err(Refused::NotHttps);
    }
    Ok(Destination {
        host: host.to_owned(),
        port,
    })
}

fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if authority.is_empty() {
        return None;
    }
    let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|a| a.find(']')) {
        let host = &authority[..end + 2];
        let rest = &authority[end + 2..];
        (host, rest.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let valid_host = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b));
    if !valid_host {
        return None;
    }
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p != 0)?),
        None => None,
    };
    Some((host, port))
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
    }
}
