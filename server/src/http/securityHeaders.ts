/**
 * Security headers on every response. The Content-Security-Policy allows scripts from
 * this origin only (no inline scripts, no eval): the built client loads everything from
 * /assets. Styles may be inline because React sets `style` attributes; images may be
 * data: URIs (the favicon). HSTS only when PUBLIC_ORIGIN is https.
 */
import type { RequestHandler } from 'express';

/** The policy for `publicOrigin`; sockets (ws/wss) to the same host are allowed explicitly. */
export function contentSecurityPolicy(publicOrigin: string): string {
  const url = new URL(publicOrigin);
  const socketOrigin = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${socketOrigin}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Features the app never uses are switched off for it and anything it might embed. */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), display-capture=(), clipboard-write=(self)';

export function securityHeaders(publicOrigin: () => string): RequestHandler {
  return (_req, res, next) => {
    const origin = publicOrigin();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(origin));
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (origin.startsWith('https:')) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
