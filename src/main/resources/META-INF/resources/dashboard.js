// Starts a run from the dashboard and follows its progress through server-sent events.
(function () {
  const form = document.getElementById('start-form');
  if (!form) {
    return;
  }
  const progress = document.getElementById('progress');
  const text = document.getElementById('progress-text');
  // The key lives in this tab's sessionStorage only: gone when the tab closes, never in a cookie the browser
  // would send on its own.
  const key = form.elements.api_key;
  key.value = sessionStorage.getItem('modelgate-api-key') || '';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      task: form.dataset.task,
      test_set: form.dataset.testSet || null,
      system: form.elements.system.value,
      start_over: form.elements.start_over.checked
    };
    const headers = {'Content-Type': 'application/json'};
    if (key.value) {
      sessionStorage.setItem('modelgate-api-key', key.value);
      headers['X-API-Key'] = key.value;
    } else {
      sessionStorage.removeItem('modelgate-api-key');
    }
    const answer = await fetch('/api/runs', {method: 'POST', headers: headers, body: JSON.stringify(body)});
    const json = await answer.json();
    if (!answer.ok) {
      text.textContent = json.error;
      return;
    }
    progress.hidden = false;
    const events = new EventSource('/api/runs/' + json.id + '/events');
    events.onmessage = (message) => {
      const state = JSON.parse(message.data);
      progress.max = state.total;
      progress.value = state.done;
      text.textContent = state.system + ': ' + state.done + '/' + state.total + ' ' + state.status;
      if (state.status !== 'running') {
        events.close();
        if (state.status === 'complete') {
          window.location.reload();
        }
      }
    };
    events.onerror = () => events.close();
  });
})();
