/**
 * Secrets to plant in tests, and their encodings. Built at run time from
 * pieces, so that no file of the project holds a secret-shaped value.
 */

/** A GitHub personal access token (40 characters). */
export const GITHUB_TOKEN = ['ghp', '_', 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('');
/** An AWS access key id (20 characters). */
export const AWS_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
/** A JSON Web Token. */
export const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
/** A private key's PEM block. */
export const PRIVATE_KEY = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----'].join(' ');
/** A Stripe live secret key. */
export const STRIPE_KEY = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_');
/** A Slack bot token. */
export const SLACK_TOKEN = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
/** A Google API key. */
export const GOOGLE_KEY = ['AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'].join('');
/** A GitLab personal access token. */
export const GITLAB_TOKEN = ['glpat', 'xY12zW34vU56tS78rQ90'].join('-');
/** An npm token. */
export const NPM_TOKEN = ['npm', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('_');
/** A generated credential with no known shape (an AWS secret access key). */
export const RANDOM_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYzEXAMPLEKEY9'].join('/');
/** A password. */
export const PASSWORD = ['hunter', '2', 'S3cret'].join('-');

export const base64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
export const base64url = (s: string): string => Buffer.from(s, 'latin1').toString('base64url');
export const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
/** Every byte percent-encoded (`%67%68…`). */
export const percentAll = (s: string): string => [...Buffer.from(s, 'latin1')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

/** A secret and the encoded forms of it a message must never hold either. */
export function forms(secret: string): string[] {
  return [secret, base64(secret), base64(secret).replace(/=+$/, ''), base64url(secret), hex(secret), hex(secret).toUpperCase(), percentAll(secret), encodeURIComponent(secret)];
}

/**
 * Fails when a text holds a secret or any encoded form of it, or, for a long
 * one, any 12 characters of it (but of a URL's own text: its scheme may be named).
 */
export function expectNoEcho(text: string, ...secrets: string[]): void {
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      if (form.length === 0) continue;
      if (text.includes(form)) throw new Error(`the text repeats a secret (or an encoding of it): ${text}`);
      for (let i = 0; i + 12 <= form.length && form.length >= 16 && !form.includes('://'); i += 4) {
        if (text.includes(form.slice(i, i + 12))) throw new Error(`the text repeats part of a secret (or of an encoding of it): ${text}`);
      }
    }
  }
}
