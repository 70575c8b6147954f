// Hosting platforms recognised from the host name, for targeted advice.
export type Platform =
  | 'ngrok'
  | 'localtunnel'
  | 'cloudflare-tunnel'
  | 'vercel'
  | 'netlify'
  | 'cloud-run'
  | 'cloud-functions'
  | 'api-gateway'
  | 'lambda-url'
  | 'cloudfront'
  | 'render'
  | 'heroku'
  | 'firebase';

const BY_SUFFIX: [RegExp, Platform][] = [
  [/\.ngrok(-free)?\.(app|dev|io)$/, 'ngrok'],
  [/\.loca\.lt$/, 'localtunnel'],
  [/\.trycloudflare\.com$/, 'cloudflare-tunnel'],
  [/\.vercel\.app$/, 'vercel'],
  [/\.netlify\.app$/, 'netlify'],
  [/\.run\.app$/, 'cloud-run'],
  [/\.cloudfunctions\.net$/, 'cloud-functions'],
  [/\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/, 'api-gateway'],
  [/\.lambda-url\.[a-z0-9-]+\.on\.aws$/, 'lambda-url'],
  [/\.cloudfront\.net$/, 'cloudfront'],
  [/\.onrender\.com$/, 'render'],
  [/\.herokuapp\.com$/, 'heroku'],
  [/\.(web\.app|firebaseapp\.com)$/, 'firebase'],
];

export function platformForHost(host: string): Platform | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const [re, platform] of BY_SUFFIX) if (re.test(name)) return platform;
  return undefined;
}

/** Tunnels show browser-only interstitials; a browser-UA probe explains them. */
export function isTunnel(platform: Platform | undefined): boolean {
  return platform === 'ngrok' || platform === 'localtunnel' || platform === 'cloudflare-tunnel';
}
