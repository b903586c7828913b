import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SQL_SAFETY = [
  {
    // SQL is never built by string concatenation: use drizzle, `sql` tagged templates or `?` parameters.
    selector: "CallExpression[callee.property.name=/^(prepare|exec)$/] > TemplateLiteral[expressions.length>0]",
    message: '禁止用字符串拼接构造 SQL：请使用参数化查询（? 占位符或 drizzle 的 sql 模板）',
  },
  {
    selector: "CallExpression[callee.property.name=/^(prepare|exec)$/] > BinaryExpression[operator='+']",
    message: '禁止用字符串拼接构造 SQL：请使用参数化查询（? 占位符或 drizzle 的 sql 模板）',
  },
  {
    // An UPDATE or DELETE without WHERE changes every row.
    selector: "CallExpression[callee.property.name='run'][callee.object.callee.property.name=/^(set)$/]",
    message: 'update(...).set(...) 后必须有 .where(...)',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': ['error', ...SQL_SAFETY],
    },
  },
  {
    // Routers and HTTP routes speak HTTP; every write (and its audit row) lives in a service
    // (docs/decisions/0006-where-rules-live.md). The route kit audits downloads for every route.
    files: ['server/routers/**/*.ts', 'server/routes/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/routes/kit.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SQL_SAFETY,
        {
          selector: "CallExpression[callee.property.name=/^(transaction|insert|delete)$/][callee.object.name=/^(db|tx)$/], CallExpression[callee.property.name=/^(transaction|insert|delete)$/][callee.object.property.name='db']",
          message: '路由中不得直接写数据库：请调用 server/services/ 中的服务函数（写入与审计同一事务）',
        },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '../services/audit', importNames: ['writeAudit'], message: '审计记录由服务函数在写入的同一事务中写入' }] },
      ],
    },
  },
  {
    // Layers: db/ and shared/ never reach up into server/ (or the client).
    files: ['db/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/client/**'], message: 'db/ 与 shared/ 不得引用 server/ 或 client/' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
);
