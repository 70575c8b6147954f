// Recognises WAFs, bot challenges, platform protection and tunnel interstitials from a response's
// headers and body. Heuristics: each signal is a header or body marker the vendor is known to send.

export type Vendor = 'cloudflare' | 'aws-cloudfront' | 'aws-elb' | 'aws-api-gateway' | 'google' | 'vercel' | 'akamai' | 'azure' | 'ngrok' | 'netlify' | 'fastly';

export type Interstitial =
  | 'cloudflare-challenge'
  | 'cloudflare-block'
  | 'aws-waf'
  | 'api-gateway-missing-token'
  | 'api-gateway-forbidden'
  | 'google-iam'
  | 'vercel-protection'
  | 'ngrok-browser-warning'
  | 'ngrok-offline'
  | 'localtunnel-reminder'
  | 'akamai-block';

export interface ResponseSample {
  status?: number;
  headers?: Record<string, string>;
  bodySnippet?: string;
}

export interface Fingerprint {
  vendor?: Vendor;
  /** The header that gave the vendor away. */
  evidence?: string;
  interstitial?: Interstitial;
}

export function fingerprint(r: ResponseSample): Fingerprint {
  const h = r.headers ?? {};
  const body = r.bodySnippet ?? '';
  const server = (h.server ?? '').toLowerCase();
  const status = r.status ?? 0;
  const out: Fingerprint = {};
  const vendor = (v: Vendor, evidence: string) => {
    if (!out.vendor) {
      out.vendor = v;
      out.evidence = evidence;
    }
  };

  if (h['cf-ray'] || server === 'cloudflare') vendor('cloudflare', h['cf-ray'] ? 'cf-ray' : 'server: cloudflare');
  if (h['x-amz-cf-id'] || /cloudfront/i.test(h.via ?? '')) vendor('aws-cloudfront', 'x-amz-cf-id');
  if (server.startsWith('awselb')) vendor('aws-elb', `server: ${h.server}`);
  if (h['x-amzn-requestid'] || h['x-amz-apigw-id'] || h['x-amzn-errortype']) vendor('aws-api-gateway', h['x-amz-apigw-id'] ? 'x-amz-apigw-id' : 'x-amzn-requestid');
  if (server === 'google frontend' || /\bgoogle\b/i.test(h.via ?? '')) vendor('google', h.server ? `server: ${h.server}` : 'via: google');
  if (server === 'vercel' || h['x-vercel-id']) vendor('vercel', h['x-vercel-id'] ? 'x-vercel-id' : 'server: Vercel');
  if (server.startsWith('akamaighost')) vendor('akamai', `server: ${h.server}`);
  if (h['x-azure-ref']) vendor('azure', 'x-azure-ref');
  if (h['ngrok-error-code'] || /ERR_NGROK_\d+/.test(body)) vendor('ngrok', h['ngrok-error-code'] ? 'ngrok-error-code' : 'ERR_NGROK body');
  if (server === 'netlify' || h['x-nf-request-id']) vendor('netlify', 'x-nf-request-id');
  if (h['x-served-by'] && /cache-/.test(h['x-served-by'])) vendor('fastly', 'x-served-by');

  const ngrokCode = h['ngrok-error-code'] ?? /ERR_NGROK_(\d+)/.exec(body)?.[0];
  if (h['cf-mitigated'] === 'challenge' || (out.vendor === 'cloudflare' && /challenge-platform|cf-chl|Just a moment\.\.\./i.test(body))) {
    out.interstitial = 'cloudflare-challenge';
  } else if (out.vendor === 'cloudflare' && status === 403 && /Attention Required|Sorry, you have been blocked|cloudflare/i.test(body)) {
    out.interstitial = 'cloudflare-block';
  } else if (h['x-amzn-waf-action'] || (status === 403 && (out.vendor === 'aws-elb' || out.vendor === 'aws-cloudfront'))) {
    out.interstitial = 'aws-waf';
  } else if (/Missing Authentication Token/.test(body) || h['x-amzn-errortype']?.startsWith('MissingAuthenticationToken')) {
    out.interstitial = 'api-gateway-missing-token';
  } else if (status === 403 && h['x-amzn-errortype']?.startsWith('ForbiddenException')) {
    out.interstitial = 'api-gateway-forbidden';
  } else if (status === 403 && /Your client does not have permission/i.test(body)) {
    out.interstitial = 'google-iam';
  } else if (out.vendor === 'vercel' && status === 401) {
    out.interstitial = 'vercel-protection';
  } else if (ngrokCode && /6024/.test(ngrokCode)) {
    out.interstitial = 'ngrok-browser-warning';
  } else if (ngrokCode && /3200|8012|3004/.test(ngrokCode)) {
    out.interstitial = 'ngrok-offline';
  } else if (/Friendly Reminder/i.test(body) && /localtunnel|loca\.lt/i.test(body)) {
    out.interstitial = 'localtunnel-reminder';
  } else if (out.vendor === 'akamai' && status === 403 && /Access Denied/i.test(body)) {
    out.interstitial = 'akamai-block';
  }
  return out;
}
