// Bouncy Castle (bcpkix) as the independent CMS/TSP peer for the PKI tests.
//   java BcCms verify SIGNED.p7 [CONTENT]   every signer of a SignedData: "OK <subject>" / "FAIL <subject> ..."
//   java BcCms tsverify RESPONSE.tsr         RFC 3161: "OK <serial> <policy>" after TimeStampToken.validate
//   java BcCms certverify CERT.der ISSUER.der  "OK" when the issuer's key verifies the certificate's signature
//   java BcCms crlverify CRL.der ISSUER.der    "OK <n revoked>" when the issuer's key verifies the CRL
// Exit 2 on usage errors.
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.Security;
import java.util.Collection;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.Store;

public class BcCms {
  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    if (args.length < 2 || !java.util.List.of("verify", "tsverify", "certverify", "crlverify").contains(args[0])) {
      System.err.println("usage: BcCms verify SIGNED.p7 [CONTENT] | tsverify RESPONSE.tsr | certverify CERT ISSUER | crlverify CRL ISSUER");
      System.exit(2);
    }
    byte[] der = Files.readAllBytes(Paths.get(args[1]));
    if (args[0].equals("certverify") || args[0].equals("crlverify")) {
      X509CertificateHolder issuer = new X509CertificateHolder(Files.readAllBytes(Paths.get(args[2])));
      org.bouncycastle.operator.ContentVerifierProvider vp = new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder().setProvider("BC").build(issuer);
      if (args[0].equals("certverify")) {
        System.out.println(new X509CertificateHolder(der).isSignatureValid(vp) ? "OK" : "FAIL");
      } else {
        org.bouncycastle.cert.X509CRLHolder crl = new org.bouncycastle.cert.X509CRLHolder(der);
        System.out.println(crl.isSignatureValid(vp) ? "OK " + crl.getRevokedCertificates().size() : "FAIL");
      }
      return;
    }
    if (args[0].equals("tsverify")) {
      org.bouncycastle.tsp.TimeStampResponse resp = new org.bouncycastle.tsp.TimeStampResponse(der);
      org.bouncycastle.tsp.TimeStampToken token = resp.getTimeStampToken();
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> match = token.getCertificates().getMatches(token.getSID());
      try {
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(match.iterator().next()));
        System.out.println("OK " + token.getTimeStampInfo().getSerialNumber() + " " + token.getTimeStampInfo().getPolicy());
      } catch (Exception e) {
        System.out.println("FAIL " + e.getMessage());
      }
      return;
    }
    CMSSignedData sd = args.length > 2 ? new CMSSignedData(new CMSProcessableByteArray(Files.readAllBytes(Paths.get(args[2]))), der) : new CMSSignedData(der);
    @SuppressWarnings("unchecked")
    Store<X509CertificateHolder> certs = sd.getCertificates();
    for (SignerInformation si : sd.getSignerInfos().getSigners()) {
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> match = certs.getMatches(si.getSID());
      X509CertificateHolder cert = match.iterator().next();
      boolean ok;
      try {
        ok = si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(cert));
      } catch (Exception e) {
        System.out.println("FAIL " + cert.getSubject() + " " + e.getMessage());
        continue;
      }
      System.out.println((ok ? "OK " : "FAIL ") + cert.getSubject());
    }
  }
}
