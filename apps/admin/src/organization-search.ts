import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ref } from 'vue';
import { describeError, gql } from './api/graphql';
import { ORGANIZATIONS, type Organization } from './api/operations';
import { session } from './session';

/**
 * The organisations of the signed-in member's region, searched by name on the server: what the
 * remittance and offline-gift forms pick a unit from (an el-select's remote-method).
 */
export function useOrganizationSearch() {
  const organizations = ref<Organization[]>([]);
  const searchingOrganizations = ref(false);

  async function searchOrganizations(search: string): Promise<void> {
    searchingOrganizations.value = true;
    try {
      organizations.value = (
        await gql<{ organizations: Organization[] }>(ORGANIZATIONS, {
          regionCode: session.current?.regionCode,
          search: search.trim() || undefined,
        })
      ).organizations;
    } catch (err) {
      ElMessage.error(describeError(err));
    } finally {
      searchingOrganizations.value = false;
    }
  }

  return { organizations, searchingOrganizations, searchOrganizations };
}
