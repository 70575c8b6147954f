// Credential flags shared by every command that calls Apple (token, send-test, test-status,
// history, doctor, init). Light on purpose: define.ts files import it.
import { Option, type Command } from 'commander';

export function addCredentialOptions(cmd: Command): Command {
  return cmd
    .option('--issuer-id <uuid>', 'issuer ID from App Store Connect, Users and Access > Integrations (env ASN_ISSUER_ID)')
    .option('--key-id <id>', 'ID of the In-App Purchase key, 10 characters (env ASN_KEY_ID)')
    .option('--key <path>', 'the In-App Purchase key file SubscriptionKey_<KEYID>.p8 (env ASN_PRIVATE_KEY_PATH, or ASN_PRIVATE_KEY with the PEM text)')
    .option('--bundle-id <id>', "your app's bundle ID, e.g. com.example.app (env ASN_BUNDLE_ID)")
    .option('--app-apple-id <id>', "your app's numeric Apple ID (env ASN_APP_APPLE_ID)")
    .addOption(new Option('--env <environment>', 'sandbox or production (env ASN_ENVIRONMENT)').default(undefined, 'sandbox'))
    .option('--api-url <url>', "App Store Server API base URL, e.g. the emulator's (env ASN_API_URL)")
    .addOption(new Option('--config <path>', 'config file (env ASN_CONFIG)').default(undefined, '~/.config/asn-doctor/config.json'));
}
