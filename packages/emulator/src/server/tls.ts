/**
 * A self-signed certificate for `--tls` (the `openai` npm SDK only dials `wss:`), generated at
 * runtime with the system's `openssl` CLI (no npm dependency). Valid for localhost and 127.0.0.1.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM key and certificate. */
export interface TlsMaterial {
  key: string;
  cert: string;
}

/**
 * Generate a throwaway self-signed certificate (EC P-256, 30 days).
 * @example const { key, cert } = selfSignedCertificate();
 */
export function selfSignedCertificate(): TlsMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'realtime-emulator-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '30',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } catch (error) {
    throw new Error(
      `Could not generate a self-signed certificate with openssl (${(error as Error).message}). Install openssl or pass tls: { key, cert }.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
