// Member-token test vectors made by another runtime (Node.js's crypto, OpenSSL underneath), following README's
// Node.js recipe with its random parts fixed. Run: node member-token-vectors.js. The output is pasted into
// MemberTokenVectorTests.cs; the test does not run this file (its output is fixed, and the
// test needs no Node.js).
const crypto = require("node:crypto");
const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i));            // 00 01 .. 1f
function token(iv, payload) {
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from("fisikal-member-token-v1", "ascii"));
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(payload), "utf8")), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url");
}
const ivA = Buffer.alloc(12, 0xa1), ivB = Buffer.alloc(12, 0xb2), ivC = Buffer.alloc(12, 0xc3);
const nonce16 = Buffer.alloc(16, 0x5e).toString("base64url");
const nonce16b = Buffer.alloc(16, 0x6f).toString("base64url");
const nonce12 = Buffer.alloc(12, 0x7a).toString("base64url");   // 16 characters, but 12 bytes
const issuedAt = 1800000000;                                       // 2027-01-15T08:00:00Z
const base = { memberId: "1001", integration: "club", issuedAt };
console.log("key       = " + key.toString("base64"));
console.log("valid     = " + token(ivA, { ...base, nonce: nonce16 }));
console.log("sameNonce = " + token(ivB, { ...base, nonce: nonce16 }));   // another iv, the same nonce
console.log("sameIv    = " + token(ivA, { ...base, nonce: nonce16b }));  // the same iv, another nonce
console.log("nonce12   = " + token(ivC, { ...base, nonce: nonce12 }));
console.log("nonce12 text length = " + nonce12.length);
