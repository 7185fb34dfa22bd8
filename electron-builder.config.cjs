// Desktop packages for the cashier terminals. `npm run dist` builds first (dist/main, dist/preload, dist/renderer),
// then electron-builder packages with this file. Signing and the update feed come from the environment, so
// nothing secret lives in the repository; `main/desktop/packaging.test.ts` checks the fuses below.
const env = process.env;

/** @type {import('app-builder-lib').Configuration} */
module.exports = {
  appId: 'works.paydesk.pos',
  productName: 'PayDesk',
  directories: { output: 'release' },
  files: ['dist/**', 'package.json', '!**/*.map'],
  asar: true,
  // Native modules: electron-builder rebuilds the production dependencies for the packaged Electron's ABI
  // (better-sqlite3 links against V8; @napi-rs/canvas is N-API and ships prebuilt), from the prebuilt
  // binaries where they exist. They are unpacked because a .node file cannot be loaded from inside the asar.
  npmRebuild: true,
  buildDependenciesFromSource: false,
  nodeGypRebuild: false,
  asarUnpack: ['node_modules/better-sqlite3/**', 'node_modules/@napi-rs/**'],
  extraMetadata: { main: 'dist/main/index.js' },

  // Flipped in the packaged binary: no local process can run code as PayDesk (ELECTRON_RUN_AS_NODE,
  // NODE_OPTIONS, --inspect) or swap the app code beside the asar.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
    loadBrowserProcessSpecificV8Snapshot: false,
  },

  // Code signing: electron-builder reads CSC_LINK / CSC_KEY_PASSWORD (or WIN_CSC_LINK / WIN_CSC_KEY_PASSWORD),
  // and for macOS notarisation APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID. PAYDESK_REQUIRE_SIGNING=1
  // makes an unsigned build fail instead of producing an unsigned package.
  forceCodeSigning: env.PAYDESK_REQUIRE_SIGNING === '1',

  // Update feed for electron-updater (used only when updates are turned on, see main/desktop/updateSettings.ts):
  // latest*.yml with each file's sha512 on an https server; no feed, no publish.
  publish: env.PAYDESK_UPDATE_URL ? [{ provider: 'generic', url: env.PAYDESK_UPDATE_URL, channel: env.PAYDESK_UPDATE_CHANNEL || 'latest' }] : null,

  linux: { target: ['AppImage', 'deb'], category: 'Office' },
  win: {
    target: ['nsis'],
    // The publisher electron-updater compares a downloaded installer's signature with.
    ...(env.PAYDESK_WIN_PUBLISHER ? { signtoolOptions: { publisherName: [env.PAYDESK_WIN_PUBLISHER] } } : {}),
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.business',
    hardenedRuntime: true,
    notarize: Boolean(env.APPLE_TEAM_ID),
  },
};
