export interface TokenOptions {
  sub: string;
  secret: string;
  /** jose duration ("10m") or seconds since epoch (number); default 10 minutes. */
  expiresIn?: string | number;
  alg?: string;
  issuer?: string;
  audience?: string;
  claims?: Record<string, unknown>;
}

/** An HS256 JWT signed with jose (loaded with import(): jose 6 is ESM-only). */
export async function signToken(opts: TokenOptions): Promise<string> {
  const { SignJWT } = await import('jose');
  let jwt = new SignJWT({ ...(opts.claims ?? {}) })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(opts.sub)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '10m');
  if (opts.issuer !== undefined) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience !== undefined) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(opts.secret));
}

/** A syntactically valid, unsigned token (`alg: none`), which a server must refuse. */
export function unsignedToken(sub: string): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
}
