// Bouncy Castle (bcpkix) as the independent CMS peer for the PKI tests: verifies every signer of
// a CMS SignedData file, attached or with the detached content given, printing one line per
// signer: "OK <subject>" or "FAIL <subject>". Exit 2 on unreadable input.
//   java BcCms verify SIGNED.p7 [CONTENT]
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
    if (args.length < 2 || !args[0].equals("verify")) {
      System.err.println("usage: BcCms verify SIGNED.p7 [CONTENT]");
      System.exit(2);
    }
    byte[] der = Files.readAllBytes(Paths.get(args[1]));
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
