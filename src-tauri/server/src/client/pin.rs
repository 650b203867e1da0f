//! The desktop client's trust in its server: the SHA-256 fingerprint of the server's
//! certificate, compared by the person with what `disclosure serve` printed (or 设置 →
//! 局域网 on the server shows) at the first connection, and required of every connection
//! afterwards — as SSH pins a host key. Names, issuers and dates do not matter: the
//! server's own CA is in no trust store, and the person's comparison is the trust. The
//! handshake's signatures are still verified (the server must hold the certificate's key).

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

use crate::tls::fingerprint;

/// `AB:CD:…` or `abcd…` (as typed or pasted), upper case with colons; `None` when it is
/// not 32 bytes of hex.
pub fn normalize(fp: &str) -> Option<String> {
    let hex: String = fp
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_uppercase();
    Some(
        hex.as_bytes()
            .chunks(2)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// Accepts exactly the pinned certificate; without a pin (the first look at a server)
/// accepts any and notes what it saw, for the person to compare.
#[derive(Debug)]
pub struct Pinned {
    pin: Option<String>,
    seen: Mutex<Option<String>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl Pinned {
    pub fn new(pin: Option<&str>) -> Arc<Pinned> {
        Arc::new(Pinned {
            pin: pin.and_then(normalize),
            seen: Mutex::new(None),
            algorithms: rustls::crypto::ring::default_provider().signature_verification_algorithms,
        })
    }

    /// The fingerprint of the certificate the server showed last.
    pub fn seen(&self) -> Option<String> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether the server showed another certificate than the pinned one.
    pub fn changed(&self) -> bool {
        match (&self.pin, self.seen()) {
            (Some(pin), Some(seen)) => *pin != seen,
            _ => false,
        }
    }

    /// A TLS configuration (HTTP/1.1) that trusts only this verifier.
    pub fn config(self: &Arc<Self>) -> rustls::ClientConfig {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap_or_else(|_| unreachable!("ring supports the default versions"))
            .dangerous()
            .with_custom_certificate_verifier(self.clone())
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        config
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let seen = fingerprint(end_entity.as_ref());
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(seen.clone());
        match &self.pin {
            Some(pin) if *pin != seen => Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            )),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_compared_however_they_were_typed() {
        let colons = "AB:".repeat(31) + "AB";
        assert_eq!(normalize(&colons).as_deref(), Some(colons.as_str()));
        assert_eq!(
            normalize(&"ab".repeat(32)).as_deref(),
            Some(colons.as_str())
        );
        assert_eq!(
            normalize(&"ab ".repeat(32)).as_deref(),
            Some(colons.as_str())
        );
        assert_eq!(normalize("AB:CD"), None);
        assert_eq!(normalize(&"zz".repeat(32)), None);
    }
}
