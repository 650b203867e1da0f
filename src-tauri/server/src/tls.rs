//! HTTPS: the server's certificate. On first start the server makes a small certificate
//! authority of its own and, signed by it, a certificate for its host names and addresses
//! (rcgen, ECDSA P-256), kept under `<data dir>/server-tls/` (the keys readable by the
//! owner only). Browsers trust the server once the CA certificate is installed
//! (`/ca.crt`); the desktop client instead pins the server certificate's SHA-256
//! fingerprint, which `disclosure serve` prints. The server certificate is made anew when
//! the names change or it nears its end; the CA stays, so installed browsers keep trusting.
//! IT may put their own certificate and key (PEM) in `server-tls/custom/` instead.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};
use disclosure_core::{Error, Result};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};

/// The CA is good for ten years, the server certificate for two; a certificate with less
/// than 30 days left is made anew at start.
const CA_YEARS: i32 = 10;
const SERVER_DAYS: i64 = 730;
const RENEW_DAYS: i64 = 30;

/// The server's TLS, ready to serve.
pub struct Tls {
    pub config: Arc<rustls::ServerConfig>,
    /// SHA-256 of the server certificate, `AB:CD:…`: what people compare and the desktop
    /// client pins.
    pub fingerprint: String,
    /// The CA certificate browsers install (`None` with IT's own certificate).
    pub ca_pem: Option<String>,
    /// The names and addresses the certificate is for.
    pub names: Vec<String>,
}

fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("server-tls")
}

fn tls_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::io(
        format!("准备服务器证书（{what}）"),
        std::io::Error::other(e.to_string()),
    )
}

/// The certificate to serve with: IT's own when `server-tls/custom/` has one, else the
/// server's own CA and certificate for `names`, made or renewed as needed.
pub fn prepare(data_dir: &Path, names: &[String]) -> Result<Tls> {
    let dir = folder(data_dir);
    disclosure_core::paths::private_dir(&dir).map_err(|e| Error::io("准备证书文件夹", e))?;
    let custom = dir.join("custom");
    let (chain_pem, key_pem, ca_pem, names) =
        if custom.join("cert.pem").exists() && custom.join("key.pem").exists() {
            let cert = read(&custom.join("cert.pem"))?;
            let key = read(&custom.join("key.pem"))?;
            (cert, key, None, Vec::new())
        } else {
            let (ca_pem, ca_key) = own_ca(&dir)?;
            let (cert, key) = server_cert(&dir, &ca_key, names)?;
            (format!("{cert}{ca_pem}"), key, Some(ca_pem), names.to_vec())
        };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(chain_pem.as_bytes())
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| tls_error("读取证书", e))?;
    let first = chain
        .first()
        .ok_or_else(|| tls_error("读取证书", "文件里没有证书"))?;
    let fingerprint = fingerprint(first);
    let key =
        PrivateKeyDer::from_pem_slice(key_pem.as_bytes()).map_err(|e| tls_error("读取私钥", e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error("TLS 版本", e))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| tls_error("证书与私钥不匹配", e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        config: Arc::new(config),
        fingerprint,
        ca_pem,
        names,
    })
}

/// `AB:CD:…` of a certificate's DER.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(format!("读取“{}”", path.display()), e))
}

/// Writes `text` to `path`, readable by the owner only when `secret`.
fn write(path: &Path, text: &str, secret: bool) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| Error::io("写入证书", e))?;
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io("设置私钥权限", e))?;
    }
    #[cfg(not(unix))]
    let _ = secret;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("写入证书", e))
}

fn ca_params() -> CertificateParams {
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "政务公开工作台 局域网证书颁发机构");
    dn.push(DnType::OrganizationName, "政务公开工作台");
    p.distinguished_name = dn;
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p
}

fn ymd(d: NaiveDate) -> time::OffsetDateTime {
    rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
}

/// The CA certificate (PEM) and key, made on first start.
fn own_ca(dir: &Path) -> Result<(String, KeyPair)> {
    let (cert_path, key_path) = (dir.join("ca.pem"), dir.join("ca.key"));
    if cert_path.exists() && key_path.exists() {
        let key = KeyPair::from_pem(&read(&key_path)?).map_err(|e| tls_error("读取 CA 私钥", e))?;
        return Ok((read(&cert_path)?, key));
    }
    let key = KeyPair::generate().map_err(|e| tls_error("生成 CA 私钥", e))?;
    let mut params = ca_params();
    let today = disclosure_core::clock::today();
    params.not_before = ymd(today - Duration::days(1));
    params.not_after = ymd(today.with_year(today.year() + CA_YEARS).unwrap_or(today));
    let cert = params
        .self_signed(&key)
        .map_err(|e| tls_error("生成 CA 证书", e))?;
    write(&key_path, &key.serialize_pem(), true)?;
    write(&cert_path, &cert.pem(), false)?;
    Ok((cert.pem(), key))
}

/// The server certificate (PEM) and key for `names`, made when missing, for other names,
/// or near its end.
fn server_cert(dir: &Path, ca_key: &KeyPair, names: &[String]) -> Result<(String, String)> {
    let (cert_path, key_path, meta_path) = (
        dir.join("server.pem"),
        dir.join("server.key"),
        dir.join("server.txt"),
    );
    let today = disclosure_core::clock::today();
    let wanted = names.join("\n");
    if let (Ok(cert), Ok(key), Ok(meta)) = (
        std::fs::read_to_string(&cert_path),
        std::fs::read_to_string(&key_path),
        std::fs::read_to_string(&meta_path),
    ) {
        // server.txt: the end date, then the names, one a line.
        if let Some((until, had)) = meta.split_once('\n') {
            let fresh = NaiveDate::parse_from_str(until, "%Y-%m-%d")
                .is_ok_and(|u| u - today > Duration::days(RENEW_DAYS));
            if fresh && had == wanted {
                return Ok((cert, key));
            }
        }
    }
    let mut params =
        CertificateParams::new(names.to_vec()).map_err(|e| tls_error("证书中的名称", e))?;
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CommonName,
        names.first().cloned().unwrap_or_else(|| "localhost".into()),
    );
    dn.push(DnType::OrganizationName, "政务公开工作台");
    params.distinguished_name = dn;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let until = today + Duration::days(SERVER_DAYS);
    params.not_before = ymd(today - Duration::days(1));
    params.not_after = ymd(until);
    let key = KeyPair::generate().map_err(|e| tls_error("生成服务器私钥", e))?;
    let issuer = Issuer::new(ca_params(), ca_key);
    let cert = params
        .signed_by(&key, &issuer)
        .map_err(|e| tls_error("签发服务器证书", e))?;
    write(&key_path, &key.serialize_pem(), true)?;
    write(&cert_path, &cert.pem(), false)?;
    write(
        &meta_path,
        &format!("{}\n{wanted}", until.format("%Y-%m-%d")),
        false,
    )?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// The names the certificate is for: `localhost`, this machine's host name, the loopback
/// addresses, the address it listens on (unless it is 0.0.0.0) and the address it reaches
/// the LAN from, then any `extra` given (`--host`).
pub fn default_names(listen: IpAddr, extra: &[String]) -> Vec<String> {
    let mut names = vec!["localhost".to_string()];
    if let Some(host) = host_name() {
        names.push(host);
    }
    names.push("127.0.0.1".into());
    names.push("::1".into());
    if !listen.is_unspecified() && !listen.is_loopback() {
        names.push(listen.to_string());
    }
    if let Some(ip) = lan_address() {
        names.push(ip.to_string());
    }
    names.extend(extra.iter().cloned());
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.to_ascii_lowercase()));
    names
}

/// This machine's host name.
pub fn host_name() -> Option<String> {
    let name = std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())?;
    let name = name.trim().to_string();
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'))
    .then_some(name)
}

/// The address this machine reaches other machines from (no packet is sent: a UDP socket
/// is only pointed at a documentation address to learn the route's local end).
pub fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let first = prepare(dir.path(), &names).unwrap();
        let again = prepare(dir.path(), &names).unwrap();
        assert_eq!(first.fingerprint, again.fingerprint);
        assert_eq!(first.fingerprint.len(), 32 * 3 - 1);
        assert!(first
            .ca_pem
            .as_deref()
            .unwrap()
            .contains("BEGIN CERTIFICATE"));
        // Other names: a new server certificate under the same CA.
        let more = vec!["localhost".to_string(), "desk-server".to_string()];
        let renewed = prepare(dir.path(), &more).unwrap();
        assert_ne!(renewed.fingerprint, first.fingerprint);
        assert_eq!(renewed.ca_pem, first.ca_pem);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for key in ["ca.key", "server.key"] {
                let mode = std::fs::metadata(dir.path().join("server-tls").join(key))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o077, 0, "{key} is readable by others");
            }
        }
    }

    #[test]
    fn names_have_no_duplicates_and_no_wildcard_address() {
        let names = default_names("0.0.0.0".parse().unwrap(), &["LOCALHOST".into()]);
        assert_eq!(
            names
                .iter()
                .filter(|n| n.eq_ignore_ascii_case("localhost"))
                .count(),
            1
        );
        assert!(!names.contains(&"0.0.0.0".to_string()));
        assert!(names.contains(&"127.0.0.1".to_string()));
    }
}
