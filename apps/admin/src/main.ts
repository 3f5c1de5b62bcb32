import 'element-plus/theme-chalk/base.css';
import { createApp } from 'vue';
import App from './App.vue';
import { onSessionExpired } from './api/graphql';
import { createConsoleRouter } from './router';
import './styles.css';

const router = createConsoleRouter();
// A token the server refused (expired, the member disabled): sign in again, then back here.
onSessionExpired(() => {
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.replace({ path: '/login', query: { redirect: here.fullPath } });
});
createApp(App).use(router).mount('#app');
