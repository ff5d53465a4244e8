// Lint rules for the extension: typescript-eslint's recommended set plus the
// few rules that matter for a security UI (no HTML parsing of strings, no eval).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['**/out/**', '**/screenshots/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {
			globals: {
				console: 'readonly',
				process: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				URLSearchParams: 'readonly',
				TextEncoder: 'readonly',
				TextDecoder: 'readonly',
				setTimeout: 'readonly',
				setInterval: 'readonly',
				clearTimeout: 'readonly',
				fetch: 'readonly',
				performance: 'readonly',
			},
		},
		rules: {
			'no-eval': 'error',
			'no-implied-eval': 'error',
			'no-new-func': 'error',
			eqeqeq: ['error', 'always'],
			'no-restricted-properties': [
				'error',
				{ property: 'innerHTML', message: 'Build the DOM with textContent: agent text must never be parsed as HTML.' },
				{ property: 'outerHTML', message: 'Build the DOM with textContent: agent text must never be parsed as HTML.' },
				{ property: 'insertAdjacentHTML', message: 'Build the DOM with textContent: agent text must never be parsed as HTML.' },
			],
			'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'document.write parses HTML.' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		// The test DOM must define innerHTML in order to refuse it.
		files: ['**/test/fakeDom.ts'],
		rules: { 'no-restricted-properties': 'off' },
	},
);
