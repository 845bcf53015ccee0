/* eslint-disable no-console */
/**
 * Builds the task pane the way Microsoft's Office add-in template does:
 *   dist/taskpane.html (+ taskpane.js, taskpane.css), dist/worker.js (the Web Worker: the pipeline),
 *   dist/commands.html (the manifest's FunctionFile), dist/help.html, dist/manifest.xml, dist/assets/*.png.
 *
 *   npm run build        production build into dist/, ready to host (serve dist/ over https)
 *   npm run dev-server   https://localhost:3000 with the certificates of office-addin-dev-certs;
 *                        when they can't be installed (CI, no certificate store) webpack-dev-server's own
 *                        self-signed certificate is used instead (accept it once in the browser).
 *                        TONGHOP_DEV_CERTS=0 (or CI set) skips office-addin-dev-certs altogether.
 *
 * The worker reads and writes .xlsx with tonghop's own adapters (no exceljs in the browser); it starts
 * with the first file, so the pane's first load is only taskpane.js.
 */
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const PORT = Number(process.env.npm_package_config_dev_server_port || process.env.PORT || 3000);

async function httpsOptions() {
  // CI has no certificate store to install into (and nobody to accept a prompt).
  if (process.env.TONGHOP_DEV_CERTS === '0' || process.env.CI) return { type: 'https' };
  try {
    const devCerts = require('office-addin-dev-certs');
    const options = await devCerts.getHttpsServerOptions();
    return { type: 'https', options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (e) {
    console.warn(
      '[tonghop] office-addin-dev-certs could not install its certificates (' + String(e && e.message ? e.message : e).split('\n')[0] + ').\n' +
        '[tonghop] Falling back to a self-signed certificate: open https://localhost:' + PORT + '/taskpane.html once and accept it.',
    );
    return { type: 'https' };
  }
}

function common(mode) {
  const dev = mode !== 'production';
  return {
    mode: dev ? 'development' : 'production',
    devtool: dev ? 'source-map' : false,
    context: __dirname,
    resolve: {
      extensions: ['.ts', '.js'],
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { configFile: path.resolve(__dirname, 'tsconfig.taskpane.json'), transpileOnly: true },
          },
        },
      ],
    },
    performance: { hints: false },
    output: {
      path: path.resolve(__dirname, 'dist'),
      publicPath: 'auto',
    },
  };
}

module.exports = async (env, argv) => {
  const mode = (argv && argv.mode) || 'production';
  const serving = !!(env && env.WEBPACK_SERVE);
  const base = common(mode);

  const pane = {
    ...base,
    name: 'taskpane',
    target: ['web', 'es2017'],
    entry: { taskpane: './src/taskpane/taskpane.ts' },
    // Built after the worker, whose build empties dist/ first (two compilers must not both clean it).
    dependencies: ['worker'],
    output: { ...base.output, filename: '[name].js', chunkFilename: '[name].[contenthash:8].js', clean: false },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        // boot.js (ES5, the page's first script) loads taskpane.js only where the webview can run it.
        inject: false,
      }),
      new HtmlWebpackPlugin({ filename: 'commands.html', template: './src/commands/commands.html', chunks: [], inject: false }),
      new HtmlWebpackPlugin({ filename: 'help.html', template: './src/taskpane/help.html', chunks: [], inject: false }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'manifest.xml', to: 'manifest.xml' },
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
          // Copied as written (ES5, not through ts-loader or the minifier): it must parse in IE11.
          { from: 'src/taskpane/boot.js', to: 'boot.js' },
        ],
      }),
    ],
  };

  const worker = {
    ...base,
    name: 'worker',
    target: ['webworker', 'es2017'],
    // parse-worker.js: the worker's helpers that read and parse commune files beside it (parse-pool.ts)
    entry: { worker: './src/taskpane/worker.ts', 'parse-worker': './src/taskpane/parse-worker.ts' },
    output: { ...base.output, filename: '[name].js', chunkFilename: '[name].[contenthash:8].js', clean: !serving },
    // The worker reads and writes .xlsx with tonghop's own adapters (src/xlsx/workbook.ts,
    // xlsx-write.ts: DecompressionStream / CompressionStream), so exceljs is not shipped to the browser.
    // .xls / .xlsb / .ods go through SheetJS (src/xlsx/sheetjs-read.ts), imported dynamically: its own
    // chunks, fetched by the worker only when such a file is added.
    plugins: [],
  };

  if (serving) {
    pane.devServer = {
      port: PORT,
      server: await httpsOptions(),
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { warnings: false, errors: true } },
      devMiddleware: { writeToDisk: false },
    };
  }
  return [worker, pane];
};
