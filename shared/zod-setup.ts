import { z } from 'zod';

/** Default zod messages in Simplified Chinese, for server and client alike. */
z.config(z.locales.zhCN());

export { z };
