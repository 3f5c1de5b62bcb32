import { createApp } from 'vue';
// Styles of Vant's function-called components (the resolver covers those used in templates).
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import 'vant/es/notify/style';
import './styles.css';
import App from './App.vue';
import { createH5Router } from './router';

createApp(App).use(createH5Router()).mount('#app');
