// Bouncy Castle (Debian libbcprov-java) as an independent SM peer for Mima's interop tests.
//
// Reads one request per line on stdin, writes one answer per line on stdout, so one JVM serves a
// whole test file (requests may be pipelined; answers come back in order). Arguments and results
// are hex; "-" is an empty byte string.
//   sm3 DATA                         -> digest
//   hmac-sm3 KEY DATA                -> tag
//   sm3-kdf Z KLEN                   -> KLEN bytes of the SM2 KDF, GB/T 32918.3 clause 5.4.3 (= KDF2 with SM3)
//   pbkdf2-sm3 PASSWORD SALT ITERATIONS DKLEN -> PBKDF2-HMAC-SM3 (RFC 8018) derived key
//   sm2-keygen                       -> PRIV PUB(04||x||y)
//   sm2-sign PRIV ID MSG             -> DER signature (SM3 with Z_A under ID)
//   sm2-verify PUB ID MSG SIGDER     -> OK | FAIL
//       ID "default" leaves the ID to Bouncy Castle (its SM2Signer default, "1234567812345678")
//   sm2-encrypt PUB MSG c1c3c2|c1c2c3|asn1  -> ciphertext
//   sm2-decrypt PRIV CT c1c3c2|c1c2c3|asn1  -> plaintext
//   sm2-kx ROLE PRIV EPRIV ID PEERPUB PEEREPUB PEERID KLEN [PEERCONF]
//       SM2 key exchange (GB/T 32918.3 clause 6) with confirmation, via BC's SM2KeyExchange; ROLE is
//       initiator|responder, EPRIV the ephemeral private key (from sm2-keygen), KLEN in bytes.
//       initiator (PEERCONF = S_B required) -> KEY S_A      responder -> KEY S_B S_A(expected)
//   sm4 MODE enc|dec KEY IV DATA [AAD [TAGLEN]] -> output
//       MODE ecb|ecb-pkcs7|cbc|cbc-pkcs7|cfb|ofb|ctr|gcm|ccm; IV "-" for ECB; CFB and OFB with
//       128-bit feedback; GCM and CCM: IV is the nonce, the tag (TAGLEN bytes, default 16) is
//       appended on enc and expected at the end on dec.
//   zuc128 KEY IV DATA               -> DATA xor the ZUC-128 keystream (16-byte key and IV)
//   zuc128-mac KEY IV DATA           -> 4-byte 128-EIA3 tag of whole bytes under the 16-byte EIA3 IV
//   zuc256 KEY IV DATA               -> DATA xor the ZUC-256 keystream (32-byte key, 25-byte IV)
//   zuc256-mac KEY IV DATA BITS      -> ZUC-256 MAC of 32, 64 or 128 bits
// Errors are answered as "ERR <message>" on the same line; the process keeps serving.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.agreement.SM2KeyExchange;
import org.bouncycastle.crypto.generators.KDF2BytesGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.engines.Zuc128Engine;
import org.bouncycastle.crypto.engines.Zuc256Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.macs.Zuc128Mac;
import org.bouncycastle.crypto.macs.Zuc256Mac;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.OFBBlockCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.SM2KeyExchangePrivateParameters;
import org.bouncycastle.crypto.params.SM2KeyExchangePublicParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.encoders.Hex;

public final class BcPeer {
  private static final X9ECParameters X9 = GMNamedCurves.getByName("sm2p256v1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH());
  private static final SecureRandom RANDOM = new SecureRandom();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    String line;
    while ((line = in.readLine()) != null) {
      line = line.trim();
      if (line.isEmpty()) continue;
      String answer;
      try {
        answer = handle(line.split(" "));
      } catch (Exception e) {
        answer = "ERR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
      }
      System.out.println(answer);
      System.out.flush();
    }
  }

  private static byte[] hex(String s) {
    return s.equals("-") ? new byte[0] : Hex.decode(s);
  }

  private static String out(byte[] b) {
    return b.length == 0 ? "-" : Hex.toHexString(b);
  }

  private static String handle(String[] a) throws Exception {
    switch (a[0]) {
      case "sm3": {
        SM3Digest d = new SM3Digest();
        byte[] m = hex(a[1]);
        d.update(m, 0, m.length);
        byte[] r = new byte[32];
        d.doFinal(r, 0);
        return out(r);
      }
      case "hmac-sm3": {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(hex(a[1])));
        byte[] m = hex(a[2]);
        mac.update(m, 0, m.length);
        byte[] r = new byte[32];
        mac.doFinal(r, 0);
        return out(r);
      }
      case "sm3-kdf": {
        // GB/T 32918.3 clause 5.4.3: SM3(Z || ct) for ct = 1, 2, ... (32-bit big-endian) is exactly
        // KDF2 of ISO 18033-2 / ANSI X9.63 with no shared info.
        KDF2BytesGenerator kdf = new KDF2BytesGenerator(new SM3Digest());
        kdf.init(new KDFParameters(hex(a[1]), new byte[0]));
        byte[] r = new byte[Integer.parseInt(a[2])];
        kdf.generateBytes(r, 0, r.length);
        return out(r);
      }
      case "pbkdf2-sm3": {
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SM3Digest());
        g.init(hex(a[1]), hex(a[2]), Integer.parseInt(a[3]));
        return out(((KeyParameter) g.generateDerivedParameters(Integer.parseInt(a[4]) * 8)).getKey());
      }
      case "sm2-keygen": {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, DOMAIN.getN().subtract(BigInteger.TWO), RANDOM);
        ECPoint q = DOMAIN.getG().multiply(d).normalize();
        return out(BigIntegers.asUnsignedByteArray(32, d)) + " " + out(q.getEncoded(false));
      }
      case "sm2-sign": {
        SM2Signer s = new SM2Signer();
        CipherParameters p = new ParametersWithRandom(privateKey(a[1]), RANDOM);
        s.init(true, withId(p, a[2]));
        byte[] m = hex(a[3]);
        s.update(m, 0, m.length);
        return out(s.generateSignature());
      }
      case "sm2-verify": {
        SM2Signer s = new SM2Signer();
        s.init(false, withId(publicKey(a[1]), a[2]));
        byte[] m = hex(a[3]);
        s.update(m, 0, m.length);
        return s.verifySignature(hex(a[4])) ? "OK" : "FAIL";
      }
      case "sm2-encrypt": {
        SM2Engine e = new SM2Engine(a[3].equals("c1c2c3") ? SM2Engine.Mode.C1C2C3 : SM2Engine.Mode.C1C3C2);
        e.init(true, new ParametersWithRandom(publicKey(a[1]), RANDOM));
        byte[] m = hex(a[2]);
        byte[] c = e.processBlock(m, 0, m.length);
        return out(a[3].equals("asn1") ? toAsn1(c) : c);
      }
      case "sm2-decrypt": {
        SM2Engine e = new SM2Engine(a[3].equals("c1c2c3") ? SM2Engine.Mode.C1C2C3 : SM2Engine.Mode.C1C3C2);
        e.init(false, privateKey(a[1]));
        byte[] c = hex(a[2]);
        if (a[3].equals("asn1")) c = fromAsn1(c);
        return out(e.processBlock(c, 0, c.length));
      }
      case "sm2-kx":
        return keyExchange(a);
      case "sm4":
        return out(sm4(a[1], a[2].equals("enc"), hex(a[3]), hex(a[4]), hex(a[5]), a.length > 6 ? hex(a[6]) : new byte[0],
            a.length > 7 ? Integer.parseInt(a[7]) : 16));
      case "zuc128":
      case "zuc256": {
        StreamCipher z = a[0].equals("zuc128") ? new Zuc128Engine() : new Zuc256Engine();
        z.init(true, new ParametersWithIV(new KeyParameter(hex(a[1])), hex(a[2])));
        byte[] m = hex(a[3]);
        byte[] r = new byte[m.length];
        z.processBytes(m, 0, m.length, r, 0);
        return out(r);
      }
      case "zuc128-mac":
      case "zuc256-mac": {
        Mac mac = a[0].equals("zuc128-mac") ? new Zuc128Mac() : new Zuc256Mac(Integer.parseInt(a[4]));
        mac.init(new ParametersWithIV(new KeyParameter(hex(a[1])), hex(a[2])));
        byte[] m = hex(a[3]);
        mac.update(m, 0, m.length);
        byte[] r = new byte[mac.getMacSize()];
        mac.doFinal(r, 0);
        return out(r);
      }
      default:
        throw new IllegalArgumentException("unknown command " + a[0]);
    }
  }

  /** C1C3C2 (04||x||y||C3||C2) -> GM/T 0009 SM2Cipher, encoded by BC's own ASN.1 classes. */
  private static byte[] toAsn1(byte[] c) throws Exception {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c, 1, 33))));
    v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c, 33, 65))));
    v.add(new DEROctetString(Arrays.copyOfRange(c, 65, 97)));
    v.add(new DEROctetString(Arrays.copyOfRange(c, 97, c.length)));
    return new DERSequence(v).getEncoded("DER");
  }

  private static byte[] fromAsn1(byte[] der) {
    ASN1Sequence s = ASN1Sequence.getInstance(der);
    byte[] x = BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(s.getObjectAt(0)).getValue());
    byte[] y = BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(s.getObjectAt(1)).getValue());
    byte[] h = ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets();
    byte[] c2 = ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets();
    byte[] r = new byte[1 + 64 + h.length + c2.length];
    r[0] = 4;
    System.arraycopy(x, 0, r, 1, 32);
    System.arraycopy(y, 0, r, 33, 32);
    System.arraycopy(h, 0, r, 65, h.length);
    System.arraycopy(c2, 0, r, 65 + h.length, c2.length);
    return r;
  }

  private static ECPrivateKeyParameters privateKey(String h) {
    return new ECPrivateKeyParameters(new BigInteger(1, hex(h)), DOMAIN);
  }

  private static ECPublicKeyParameters publicKey(String h) {
    return new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(hex(h)), DOMAIN);
  }

  /** The ID argument: "default" leaves it to Bouncy Castle, anything else is hex. */
  private static CipherParameters withId(CipherParameters p, String id) {
    return id.equals("default") ? p : new ParametersWithID(p, hex(id));
  }

  /**
   * One side of the SM2 key exchange. BC's SM2KeyExchange puts the initiator's Z and ephemeral
   * point first, whichever side it runs; the responder's confirmation check (S_A = S2) is left
   * to the caller, which gets S2 back.
   */
  private static String keyExchange(String[] a) {
    boolean initiator = a[1].equals("initiator");
    if (!initiator && !a[1].equals("responder")) throw new IllegalArgumentException("role " + a[1]);
    SM2KeyExchange kx = new SM2KeyExchange();
    kx.init(new ParametersWithID(new SM2KeyExchangePrivateParameters(initiator, privateKey(a[2]), privateKey(a[3])), hex(a[4])));
    CipherParameters peer = new ParametersWithID(new SM2KeyExchangePublicParameters(publicKey(a[5]), publicKey(a[6])), hex(a[7]));
    int klenBits = Integer.parseInt(a[8]) * 8;
    byte[][] r = kx.calculateKeyWithConfirmation(klenBits, initiator ? hex(a[9]) : null, peer);
    StringBuilder sb = new StringBuilder();
    for (byte[] b : r) sb.append(sb.length() == 0 ? "" : " ").append(out(b));
    return sb.toString();
  }

  private static byte[] sm4(String mode, boolean enc, byte[] key, byte[] iv, byte[] data, byte[] aad, int tagLen) throws Exception {
    if (mode.equals("gcm") || mode.equals("ccm")) {
      AEADBlockCipher g = mode.equals("gcm") ? new GCMBlockCipher(new SM4Engine()) : new CCMBlockCipher(new SM4Engine());
      g.init(enc, new AEADParameters(new KeyParameter(key), tagLen * 8, iv, aad));
      byte[] o = new byte[g.getOutputSize(data.length)];
      int n = g.processBytes(data, 0, data.length, o, 0);
      n += g.doFinal(o, n);
      return Arrays.copyOf(o, n);
    }
    BufferedBlockCipher c;
    switch (mode) {
      case "ecb": c = new BufferedBlockCipher(new SM4Engine()); break;
      case "ecb-pkcs7": c = new PaddedBufferedBlockCipher(new SM4Engine(), new PKCS7Padding()); break;
      case "cbc": c = new BufferedBlockCipher(new CBCBlockCipher(new SM4Engine())); break;
      case "cbc-pkcs7": c = new PaddedBufferedBlockCipher(new CBCBlockCipher(new SM4Engine()), new PKCS7Padding()); break;
      // Stream modes: BufferedBlockCipher passes partial final blocks through (StreamCipher).
      case "cfb": c = new BufferedBlockCipher(new CFBBlockCipher(new SM4Engine(), 128)); break;
      case "ofb": c = new BufferedBlockCipher(new OFBBlockCipher(new SM4Engine(), 128)); break;
      case "ctr": c = new BufferedBlockCipher(new SICBlockCipher(new SM4Engine())); break;
      default: throw new IllegalArgumentException("unknown SM4 mode " + mode);
    }
    c.init(enc, mode.startsWith("ecb") ? new KeyParameter(key) : new ParametersWithIV(new KeyParameter(key), iv));
    byte[] o = new byte[c.getOutputSize(data.length)];
    int n = c.processBytes(data, 0, data.length, o, 0);
    n += c.doFinal(o, n);
    return Arrays.copyOf(o, n);
  }
}
