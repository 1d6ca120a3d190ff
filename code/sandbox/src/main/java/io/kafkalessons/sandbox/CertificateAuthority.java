package io.kafkalessons.sandbox;

import io.kafkalessons.sandbox.lesson.Passwords;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A certificate authority made at run time, never stored in the repository: it signs one
 * certificate per node (and per client that proves who it is) and writes PKCS12 key stores.
 *
 * <p>Keys are EC P-256 (fast to make on two cores); certificates are valid for 30 days and name
 * the addresses clients use ({@code subjectAltName}), so TLS host-name checks pass.
 */
public final class CertificateAuthority {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration VALID_FOR = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final String storePassword;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate, String storePassword) {
        this.keys = keys;
        this.certificate = certificate;
        this.storePassword = storePassword;
    }

    /** A new CA called {@code CN=name}; its key stores are protected by a fresh random password. */
    public static CertificateAuthority create(String name) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = builder(subject, subject, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(builder, keys);
            return new CertificateAuthority(keys, cert, Passwords.fresh(18));
        } catch (GeneralSecurityException | IOException e) {
            throw new SandboxException("cannot make a certificate authority: " + e.getMessage(), e);
        }
    }

    /** The password of every key store this CA writes (the sandbox keeps it in its data folder only). */
    public String storePassword() {
        return storePassword;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes a trust store that holds only this CA's certificate. */
    public Path writeTruststore(Path file) {
        try {
            KeyStore store = emptyStore();
            store.setCertificateEntry("ca", certificate);
            return save(store, file);
        } catch (GeneralSecurityException | IOException e) {
            throw new SandboxException("cannot write the trust store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Issues a certificate for {@code CN=commonName}, valid for {@code hosts} (IP addresses or
     * host names), and writes it with its private key and the CA's certificate to {@code file}.
     */
    public Path writeKeystore(Path file, String commonName, List<String> hosts) {
        try {
            KeyPair leafKeys = newKeyPair();
            X509v3CertificateBuilder builder = builder(new X500Name(certificate.getSubjectX500Principal().getName()),
                    new X500Name("CN=" + commonName), leafKeys);
            List<GeneralName> names = new ArrayList<>();
            for (String host : hosts) {
                boolean ip = host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
                names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate leaf = sign(builder, keys);
            KeyStore store = emptyStore();
            store.setKeyEntry(commonName, leafKeys.getPrivate(), storePassword.toCharArray(),
                    new Certificate[] {leaf, certificate});
            return save(store, file);
        } catch (GeneralSecurityException | IOException e) {
            throw new SandboxException("cannot write the key store " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(64, RANDOM).add(BigInteger.ONE);
        // Valid from an hour ago, so a clock a little behind on another machine still accepts it.
        return new JcaX509v3CertificateBuilder(issuer, serial,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALID_FOR)), subject, subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private Path save(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, storePassword.toCharArray());
        }
        return file;
    }
}
